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
internal sealed class FanOutAdmission(IOptions<IntakeOptions> options)
{
    private readonly IntakeOptions _limits = options.Value;

    public bool TryAdmit(
        ReadOnlySpan<byte> utf8Json,
        [NotNullWhen(true)] out NotificationEvent? notification,
        [NotNullWhen(false)] out InvalidInput? invalid)
    {
        if (!NotificationEventReader.TryRead(utf8Json, _limits, out notification, out invalid))
        {
            return false;
        }

        // Most events are far below the limit even if every character were escaped; only the others are measured.
        var limit = _limits.MaxOutputBytesPerEvent;
        if (NotificationStatusJson.SerializedLengthBound(notification.Recipients.Count, notification.Provider.Length, _limits.MaxErrorLength) <= limit)
        {
            return true;
        }

        var outputBytes = NotificationStatusJson.SerializedLength(notification);
        if (outputBytes > limit)
        {
            invalid = InvalidInput.LimitExceeded(
                $"statuses of {notification.Recipients.Count} recipients",
                outputBytes,
                "bytes of JSON",
                nameof(IntakeOptions.MaxOutputBytesPerEvent),
                _limits.MaxOutputBytesPerEvent);
            notification = null;
            return false;
        }

        return true;
    }
}
