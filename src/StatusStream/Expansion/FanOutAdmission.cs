using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;
using StatusStream.Intake;

namespace StatusStream.Expansion;

/// <summary>
/// Decides whether an input record may be fanned out: read and validated within the configured
/// <see cref="IntakeOptions"/> (recipients, provider and error length, no recipient twice), and the statuses it would
/// give together within <see cref="IntakeOptions.MaxOutputBytesPerEvent"/>. A refusal is an <see cref="InvalidInput"/>
/// like any other bad input, so it takes the same path to the dead-letter topic.
/// </summary>
/// <remarks>
/// Here rather than in intake because the output size is a property of the status JSON, which expansion owns. It is
/// measured, not written: an event that could be over the limit costs one pass over its strings, the others nothing.
/// </remarks>
/// <param name="options">The limits.</param>
/// <param name="recordKeyAndFixedHeaderBytes">
/// What every status record has besides its value and trace context (its key and fixed headers): the record format's
/// figure, handed in so that expansion does not depend on the folder that writes records.
/// </param>
internal sealed class FanOutAdmission(IOptions<IntakeOptions> options, int recordKeyAndFixedHeaderBytes)
{
    private readonly IntakeOptions _limits = options.Value;

    /// <param name="traceHeaderBytes">What the event's trace context adds to each of its records (<see cref="InputTraceContext.HeaderBytes"/>).</param>
    public bool TryAdmit(
        ReadOnlySpan<byte> utf8Json,
        int traceHeaderBytes,
        [NotNullWhen(true)] out NotificationEvent? notification,
        [NotNullWhen(false)] out InvalidInput? invalid)
    {
        if (!NotificationEventReader.TryRead(utf8Json, _limits, out notification, out invalid))
        {
            return false;
        }

        // Most events are far below the limit even if every character were escaped; only the others are measured. Every
        // record also has its key and headers: an event's trace context is copied onto each of its statuses.
        var limit = _limits.MaxOutputBytesPerEvent;
        var recordBytes = (long)notification.Recipients.Count * (recordKeyAndFixedHeaderBytes + traceHeaderBytes);
        if (NotificationStatusJson.SerializedLengthBound(notification.Recipients.Count, notification.Provider.Length, _limits.MaxErrorLength) + recordBytes <= limit)
        {
            return true;
        }

        var outputBytes = NotificationStatusJson.SerializedLength(notification) + recordBytes;
        if (outputBytes > limit)
        {
            invalid = InvalidInput.LimitExceeded(
                $"statuses of {notification.Recipients.Count} recipients",
                outputBytes,
                "bytes of records (JSON, keys and headers)",
                nameof(IntakeOptions.MaxOutputBytesPerEvent),
                _limits.MaxOutputBytesPerEvent);
            notification = null;
            return false;
        }

        return true;
    }
}
