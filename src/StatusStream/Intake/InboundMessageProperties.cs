namespace StatusStream.Intake;

/// <summary>The top-level properties schemas/inbound-message.schema.json names: which ones a message has shown so far.</summary>
[Flags]
internal enum InboundMessageProperties
{
    None = 0,
    Id = 1 << 0,
    SourceNumber = 1 << 1,
    DestinationNumber = 1 << 2,
    Message = 1 << 3,
    DateReceived = 1 << 4,
    Callback = 1 << 5,
    Source = 1 << 6,
}
