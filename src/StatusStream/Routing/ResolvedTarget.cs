using StatusStream.Expansion;
using StatusStream.Intake;

namespace StatusStream.Routing;

/// <summary>One target an event's statuses go to, or, when <see cref="Refusal"/> is set, why they may not.</summary>
/// <param name="Selection">Which of the event's statuses this target takes; all of them unless a subscription says otherwise.</param>
internal sealed record ResolvedTarget(StatusCallback Callback, TargetRefusal? Refusal, StatusSelection Selection = StatusSelection.All)
{
    /// <summary>Whether this target takes <paramref name="status"/>, given how many of the event's statuses it has taken so far.</summary>
    public bool Takes(NotificationStatus status, int takenSoFar)
    {
        if (Selection == StatusSelection.All)
        {
            return true;
        }

        if ((Selection & StatusSelection.FirstOnly) != 0 && takenSoFar > 0)
        {
            return false;
        }

        return status.Success
            ? (Selection & StatusSelection.FailureOnly) == 0
            : (Selection & StatusSelection.SuccessOnly) == 0;
    }

    /// <summary>How many of <paramref name="statuses"/> this target takes: the outputs it adds to the record.</summary>
    public int CountOf(ReadOnlySpan<NotificationStatus> statuses)
    {
        if (Selection == StatusSelection.All)
        {
            return statuses.Length;
        }

        var taken = 0;
        foreach (var status in statuses)
        {
            if (Takes(status, taken))
            {
                taken++;
            }
        }

        return taken;
    }
}
