namespace StatusStream.Records;

/// <summary>Why a subscription ended; written on its tombstone (header statusstream.subscription.ended).</summary>
internal enum EndReason
{
    /// <summary>Its owner cancelled it (PUT).</summary>
    Cancelled,

    /// <summary>An only-once subscription after its first successful callback.</summary>
    Completed,
}
