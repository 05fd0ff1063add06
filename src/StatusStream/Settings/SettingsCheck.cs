namespace StatusStream.Settings;

/// <summary>
/// Has no settings of its own: validating it on start checks every configured key against the
/// options types bound to sections (<see cref="UnknownSettingsValidator"/>), so a misspelled section
/// or key stops the host instead of being ignored.
/// </summary>
internal sealed class SettingsCheck;
