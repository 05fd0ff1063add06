namespace StatusStream.Records;

/// <summary>What a failed delivery means for the status (each transport classifies its own failures into it; <see cref="IDeliveryFailures"/> acts on it in one place).</summary>
internal enum FailureClass
{
    /// <summary>May succeed later (broker or network trouble, a topic or ACL not there yet): retry with backoff.</summary>
    Transient,

    /// <summary>Can never succeed as it is (bad input, a record too large): dead-letter at once.</summary>
    Permanent,

    /// <summary>The client itself is broken (fenced, fatal idempotence error): stop the host.</summary>
    Fatal,
}
