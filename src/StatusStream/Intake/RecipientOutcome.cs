namespace StatusStream.Intake;

/// <summary>How delivery went for one recipient of a notification. <see cref="Error"/> is "" on success.</summary>
/// <param name="Receipt">The optional address, status and sent_at, when the input gave any of them.</param>
/// <remarks>
/// A value, not an object: an event's recipients are one array of these (40 bytes each), where objects would add a
/// header and a reference per recipient. Nothing but the event holds one.
/// </remarks>
internal readonly record struct RecipientOutcome(Guid Recipient, bool Success, string Error, RecipientReceipt? Receipt = null);
