namespace StatusStream.Intake;

/// <summary>How delivery went for one recipient of a notification. <see cref="Error"/> is "" on success.</summary>
internal sealed record RecipientOutcome(Guid Recipient, bool Success, string Error);
