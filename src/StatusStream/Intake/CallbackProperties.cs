namespace StatusStream.Intake;

/// <summary>The properties of callback: which ones it has shown so far.</summary>
[Flags]
internal enum CallbackProperties
{
    None = 0,
    Type = 1 << 0,
    Target = 1 << 1,
}
