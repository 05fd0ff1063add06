namespace StatusStream.Intake;

/// <summary>The properties of a recipients[] item: which ones it has shown so far.</summary>
[Flags]
internal enum RecipientProperties
{
    None = 0,
    Recipient = 1 << 0,
    Success = 1 << 1,
    Error = 1 << 2,
    Address = 1 << 3,
    Status = 1 << 4,
    SentAt = 1 << 5,
}
