using Microsoft.Extensions.Options;
using StatusStream.DeadLetters;
using StatusStream.Kafka;
using StatusStream.Outbound;
using StatusStream.Records;
using StatusStream.Telemetry;

namespace StatusStream.Retry;

/// <summary>
/// The one decision after a failed delivery attempt, whatever the transport: fatal stops the host,
/// permanent goes to the dead-letter topic at once, transient waits for its next attempt (on the
/// retry topic, or in place in per-key ordered mode) until the route's retries are used up, then
/// goes to the dead-letter topic with its whole history. A receiver's Retry-After
/// (<see cref="DeliveryFailure.NotBefore"/>) moves the next attempt later, never earlier.
/// </summary>
internal sealed class DeliveryFailureHandler(
    DeadLetterPublisher deadLetters,
    RetryParker parker,
    RetryPolicies policies,
    PipelineFailures failures,
    TimeProvider time,
    StatusStreamMetrics? metrics = null) : IDeliveryFailures
{
    public const string PermanentFailureReason = "permanent-failure";
    public const string RetriesExhaustedReason = "retries-exhausted";

    public void Failed(OutboundStatus outbound, DeliveryFailure failure)
    {
        if (failure.Class == FailureClass.Fatal)
        {
            // Not acknowledged: the input offset stays uncommitted and the status is read again after the restart.
            failures.ReportFatal($"delivering {outbound.ItemId} failed fatally: {failure.Description}");
            return;
        }

        var now = time.GetUtcNow();
        var attempt = outbound.Attempt;
        if (failure.NotAttempted && failure.Class == FailureClass.Transient)
        {
            // Not tried (a breaker is open): wait for the receiver, the attempt unspent and the history as it was.
            metrics?.WaitedForBreaker();
            var waitUntil = failure.NotBefore ?? now;
            if (outbound.Order is { } waiting)
            {
                waiting.RetryAt(outbound, waitUntil);
            }
            else
            {
                parker.Park(outbound, attempt, waitUntil, failure.Description);
            }

            return;
        }

        var next = attempt.Failed(new AttemptRecord(attempt.Number, now, failure.Class, failure.Description));
        if (failure.Class == FailureClass.Permanent)
        {
            deadLetters.PublishUndeliverable(outbound, failure.DeadLetterReason ?? PermanentFailureReason, failure.Description, next);
            return;
        }

        var schedule = new BackoffSchedule(policies.For(outbound.Callback));
        if (!schedule.CanRetry(attempt.RetriesDone))
        {
            deadLetters.PublishUndeliverable(outbound, RetriesExhaustedReason,
                $"gave up after {attempt.Number} attempts; last error: {failure.Description}", next);
            return;
        }

        var dueAt = schedule.DueAt(now, attempt.RetriesDone);
        if (failure.NotBefore is { } notBefore && notBefore > dueAt)
        {
            dueAt = notBefore;
        }

        metrics?.Retried(outbound.Callback.Type, next.Number, outbound.KindTag);
        if (outbound.Order is { } order)
        {
            order.RetryAt(outbound with { Attempt = next }, dueAt);
        }
        else
        {
            parker.Park(outbound, next, dueAt);
        }
    }
}
