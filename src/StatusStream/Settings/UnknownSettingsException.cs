namespace StatusStream.Settings;

/// <summary>
/// Configured keys nothing reads. Thrown, not returned as a validation failure, on purpose: the
/// start-up validator collects only <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>
/// and goes on to bind the sections, whose strict binder would then throw its own, vaguer error
/// for the same typo and hide this one.
/// </summary>
internal sealed class UnknownSettingsException(IReadOnlyList<string> problems) : Exception(string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
