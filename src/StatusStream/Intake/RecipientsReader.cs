using System.Text.Json;

namespace StatusStream.Intake;

/// <summary>
/// Reads the recipients array of an event: each item a closed object (recipient, success, error and the optional
/// address, status, sent_at), at most <see cref="IntakeOptions.MaxRecipientsPerEvent"/> of them, no recipient twice.
/// </summary>
internal static class RecipientsReader
{
    /// <summary>The schema's bound on recipients[].address: an e-mail address (RFC 5321 allows 320 characters) or phone number.</summary>
    public const int MaxAddressLength = 320;

    // Up to this many recipients a linear scan finds a repeat faster than hashing; beyond it, an index by uuid.
    private const int LinearDuplicateScanLimit = 16;

    // Beyond this many recipients the thread's scratch list is not kept after use (a broadcast would pin its array).
    private const int MaxRetainedScratch = 1024;

    // The recipients are gathered here, then copied into an array of exactly their number: the event keeps no list
    // and no spare capacity. The reader never runs inside itself, so one list per thread serves.
    [ThreadStatic]
    private static List<RecipientOutcome>? t_scratch;

    public static InvalidInput? Read(ref Utf8JsonReader reader, IntakeOptions limits, out RecipientOutcome[]? recipients)
    {
        var scratch = t_scratch ?? new List<RecipientOutcome>(LinearDuplicateScanLimit);
        t_scratch = null;
        try
        {
            return Read(ref reader, limits, scratch, out recipients);
        }
        finally
        {
            // Emptied either way, so no error text or address outlives the event (Clear zeroes the slots).
            scratch.Clear();
            if (scratch.Capacity <= MaxRetainedScratch)
            {
                t_scratch = scratch;
            }
        }
    }

    private static InvalidInput? Read(ref Utf8JsonReader reader, IntakeOptions limits, List<RecipientOutcome> list, out RecipientOutcome[]? recipients)
    {
        recipients = null;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return InvalidInput.SchemaViolation($"recipients: expected an array, found {DetailText.Describe(reader.TokenType)}");
        }

        Dictionary<Guid, int>? indexByRecipient = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (list.Count == limits.MaxRecipientsPerEvent)
            {
                return TooMany(ref reader, list.Count, limits.MaxRecipientsPerEvent);
            }

            var problem = ReadRecipient(ref reader, list.Count, limits, out var outcome);
            if (problem is not null)
            {
                return problem;
            }

            var earlier = IndexOf(list, ref indexByRecipient, outcome.Recipient);
            if (earlier >= 0)
            {
                // Two statuses with one status-id and different content: deduplicating on status-id would drop one.
                return new InvalidInput(
                    InvalidInputReason.DuplicateRecipient,
                    $"recipients[{list.Count}].recipient: {outcome.Recipient:D} is already listed at recipients[{earlier}]");
            }

            list.Add(outcome);
            indexByRecipient?.Add(outcome.Recipient, list.Count - 1);
        }

        if (list.Count == 0)
        {
            return InvalidInput.SchemaViolation("recipients: at least one recipient is required");
        }

        recipients = [.. list];
        return null;
    }

    /// <summary>Counts the rest of the array (without reading into it) so the detail can say how many there are.</summary>
    private static InvalidInput TooMany(ref Utf8JsonReader reader, int counted, int limit)
    {
        var count = (long)counted;
        do
        {
            reader.Skip();
            count++;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);

        return InvalidInput.LimitExceeded("recipients", count, "recipients", nameof(IntakeOptions.MaxRecipientsPerEvent), limit);
    }

    private static int IndexOf(List<RecipientOutcome> list, ref Dictionary<Guid, int>? indexByRecipient, Guid recipient)
    {
        if (indexByRecipient is not null)
        {
            return indexByRecipient.TryGetValue(recipient, out var index) ? index : -1;
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Recipient == recipient)
            {
                return i;
            }
        }

        if (list.Count == LinearDuplicateScanLimit)
        {
            indexByRecipient = new Dictionary<Guid, int>(LinearDuplicateScanLimit * 4);
            for (var i = 0; i < list.Count; i++)
            {
                indexByRecipient.Add(list[i].Recipient, i);
            }
        }

        return -1;
    }

    private static InvalidInput? ReadRecipient(ref Utf8JsonReader reader, int index, IntakeOptions limits, out RecipientOutcome outcome)
    {
        outcome = default;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return InvalidInput.SchemaViolation($"recipients[{index}]: expected an object, found {DetailText.Describe(reader.TokenType)}");
        }

        var seen = RecipientProperties.None;
        var recipient = Guid.Empty;
        var success = false;
        string? error = null;
        string? address = null;
        string? deliveryState = null;
        DateTimeOffset? sentAt = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = PropertyOf(ref reader);
            if (property == RecipientProperties.None)
            {
                return InvalidInput.SchemaViolation(
                    $"recipients[{index}]: unknown property {DetailText.EchoToken(ref reader)} (allowed: recipient, success, error, address, status, sent_at)");
            }

            if ((seen & property) != 0)
            {
                return InvalidInput.SchemaViolation($"recipients[{index}].{NameOf(property)}: occurs twice");
            }

            seen |= property;
            reader.Read();
            var problem = property switch
            {
                RecipientProperties.Recipient => ReadRecipientId(ref reader, index, out recipient),
                RecipientProperties.Success => ReadSuccess(ref reader, index, out success),
                RecipientProperties.Error => JsonFields.ReadLimitedString(ref reader, new FieldPath("recipients", index, "error"), limits.MaxErrorLength, nameof(IntakeOptions.MaxErrorLength), out error),
                RecipientProperties.Address => JsonFields.ReadOptionalText(ref reader, new FieldPath("recipients", index, "address"), MaxAddressLength, out address),
                RecipientProperties.Status => ReadDeliveryState(ref reader, index, out deliveryState),
                _ => JsonFields.ReadOptionalDateTime(ref reader, new FieldPath("recipients", index, "sent_at"), out sentAt),
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        if ((seen & RecipientProperties.Recipient) == 0)
        {
            return InvalidInput.SchemaViolation($"recipients[{index}].recipient: required");
        }

        if ((seen & RecipientProperties.Success) == 0)
        {
            return InvalidInput.SchemaViolation($"recipients[{index}].success: required");
        }

        if (error is null)
        {
            return InvalidInput.SchemaViolation($"recipients[{index}].error: required (\"\" when success is true)");
        }

        if (success && error.Length != 0)
        {
            return InvalidInput.SchemaViolation($"recipients[{index}].error: must be \"\" when success is true");
        }

        if (deliveryState is not null && success != (deliveryState == DeliveryStates.Delivered))
        {
            return InvalidInput.SchemaViolation(
                $"recipients[{index}].status: \"{deliveryState}\" disagrees with success {(success ? "true" : "false")} (\"delivered\" exactly when success is true)");
        }

        var receipt = address is null && deliveryState is null && sentAt is null ? null : new RecipientReceipt(address, deliveryState, sentAt);
        outcome = new RecipientOutcome(recipient, success, error, receipt);
        return null;
    }

    private static RecipientProperties PropertyOf(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            // The usual name, written plainly: told by its length and compared only with the names of that length,
            // rather than tried against each name in turn (three names a recipient, every recipient of every event).
            var name = reader.ValueSpan;
            return name.Length switch
            {
                9 when name.SequenceEqual("recipient"u8) => RecipientProperties.Recipient,
                7 when name.SequenceEqual("success"u8) => RecipientProperties.Success,
                5 when name.SequenceEqual("error"u8) => RecipientProperties.Error,
                6 when name.SequenceEqual("status"u8) => RecipientProperties.Status,
                7 when name.SequenceEqual("address"u8) => RecipientProperties.Address,
                7 when name.SequenceEqual("sent_at"u8) => RecipientProperties.SentAt,
                _ => RecipientProperties.None,
            };
        }

        // Known names are ASCII; a name escaping a lone surrogate cannot be one of them, and comparing it would throw.
        if (JsonStringEscapes.HasLoneSurrogate(reader.ValueSpan))
        {
            return RecipientProperties.None;
        }

        return reader.ValueTextEquals("recipient"u8) ? RecipientProperties.Recipient
            : reader.ValueTextEquals("success"u8) ? RecipientProperties.Success
            : reader.ValueTextEquals("error"u8) ? RecipientProperties.Error
            : reader.ValueTextEquals("status"u8) ? RecipientProperties.Status
            : reader.ValueTextEquals("address"u8) ? RecipientProperties.Address
            : reader.ValueTextEquals("sent_at"u8) ? RecipientProperties.SentAt
            : RecipientProperties.None;
    }

    private static string NameOf(RecipientProperties property) => property switch
    {
        RecipientProperties.Recipient => "recipient",
        RecipientProperties.Success => "success",
        RecipientProperties.Error => "error",
        RecipientProperties.Address => "address",
        RecipientProperties.Status => "status",
        _ => "sent_at",
    };

    private static InvalidInput? ReadRecipientId(ref Utf8JsonReader reader, int index, out Guid recipient)
    {
        recipient = Guid.Empty;
        if (reader.TokenType != JsonTokenType.String)
        {
            return InvalidInput.SchemaViolation($"recipients[{index}].recipient: expected a uuid string, found {DetailText.Describe(reader.TokenType)}");
        }

        return CanonicalUuid.TryRead(ref reader, out recipient)
            ? null
            : InvalidInput.BadUuid($"recipients[{index}].recipient: not a uuid (8-4-4-4-12 hex digits)");
    }

    private static InvalidInput? ReadSuccess(ref Utf8JsonReader reader, int index, out bool success)
    {
        success = reader.TokenType == JsonTokenType.True;
        return reader.TokenType is JsonTokenType.True or JsonTokenType.False
            ? null
            : InvalidInput.SchemaViolation($"recipients[{index}].success: expected true or false, found {DetailText.Describe(reader.TokenType)}");
    }

    private static InvalidInput? ReadDeliveryState(ref Utf8JsonReader reader, int index, out string? deliveryState)
    {
        deliveryState = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.String && !(reader.ValueIsEscaped && JsonStringEscapes.HasLoneSurrogate(reader.ValueSpan)))
        {
            // The constants, not decoded copies: no allocation, and reference-equal wherever they travel.
            deliveryState = reader.ValueTextEquals("delivered"u8) ? DeliveryStates.Delivered
                : reader.ValueTextEquals("permanent-failure"u8) ? DeliveryStates.PermanentFailure
                : reader.ValueTextEquals("temporary-failure"u8) ? DeliveryStates.TemporaryFailure
                : reader.ValueTextEquals("technical-failure"u8) ? DeliveryStates.TechnicalFailure
                : null;
            if (deliveryState is not null)
            {
                return null;
            }
        }

        var found = reader.TokenType == JsonTokenType.String ? DetailText.EchoToken(ref reader) : DetailText.Describe(reader.TokenType);
        return InvalidInput.SchemaViolation(
            $"recipients[{index}].status: {found} is not delivered, permanent-failure, temporary-failure, technical-failure or null");
    }
}
