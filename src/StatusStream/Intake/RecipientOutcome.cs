namespace StatusStream.Intake;

/// <summary>How delivery went for one recipient of a notification. <see cref="Error"/> is "" on success.</summary>
/// <param name="Receipt">The optional address, status and sent_at, when the input gave any of them.</param>
internal sealed record RecipientOutcome(Guid Recipient, bool Success, string Error, RecipientReceipt? Receipt = null);
