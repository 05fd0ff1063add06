namespace StatusStream.Intake;

/// <summary>The properties of source: which ones it has shown so far.</summary>
[Flags]
internal enum SourceProperties
{
    None = 0,
    Namespace = 1 << 0,
    Service = 1 << 1,
}
