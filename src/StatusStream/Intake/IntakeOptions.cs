using System.ComponentModel.DataAnnotations;

namespace StatusStream.Intake;

/// <summary>
/// Bounds on what one input event may ask for, so that a single event cannot amplify into an unbounded number or
/// size of statuses. An event over any of them is dead-lettered as <c>limit-exceeded</c>, naming the
/// setting and the value. Configuration section "Intake". The defaults are also the bounds in
/// schemas/notification-event.schema.json (maxItems, maxLength); lengths count UTF-16 code units, as .NET and the
/// schema agreement tests' validator do.
/// </summary>
internal sealed class IntakeOptions
{
    public const string SectionName = "Intake";

    public const int DefaultMaxRecipientsPerEvent = 1000;
    public const int DefaultMaxProviderLength = 128;
    public const int DefaultMaxErrorLength = 1024;
    public const int DefaultMaxOutputBytesPerEvent = 1024 * 1024;
    public const int DefaultMaxKeyBytes = 4096;

    // The ranges' upper ends keep a typo (an extra zero or three) from switching the protection off.

    /// <summary>Recipients one event may list (one status each).</summary>
    [Range(1, 1_000_000)]
    public int MaxRecipientsPerEvent { get; set; } = DefaultMaxRecipientsPerEvent;

    /// <summary>Characters of provider, which is copied into every status of the event.</summary>
    [Range(1, 1024 * 1024)]
    public int MaxProviderLength { get; set; } = DefaultMaxProviderLength;

    /// <summary>Characters of one recipient's error.</summary>
    [Range(0, 1024 * 1024)]
    public int MaxErrorLength { get; set; } = DefaultMaxErrorLength;

    /// <summary>
    /// Bytes all status records of one event add up to: values (NotificationStatus JSON), keys, and header names and
    /// values (recipient, status-id, content-type and the trace context the event carries forward).
    /// </summary>
    [Range(1024, 1024 * 1024 * 1024)]
    public int MaxOutputBytesPerEvent { get; set; } = DefaultMaxOutputBytesPerEvent;

    /// <summary>
    /// Bytes of an input record's key (any input topic). A longer key is dead-lettered as <c>key-too-large</c> before its
    /// value is read: a key is copied into ordering keys and dead letters, and no producer needs more than a few dozen bytes.
    /// </summary>
    [Range(64, 256 * 1024)]
    public int MaxKeyBytes { get; set; } = DefaultMaxKeyBytes;
}
