using Confluent.Kafka;
using Microsoft.Extensions.Options;
using StatusStream.DeadLetters;
using StatusStream.Pipeline;
using StatusStream.Retry;

namespace StatusStream.Delivery;

/// <summary>
/// Decides where a status goes when a delivery attempt failed: fatal stops the host, permanent goes
/// to the dead-letter topic at once, transient waits for its next attempt (on the retry topic, or in
/// place in per-key ordered mode) until the route's retries are used up, then goes to the dead-letter
/// topic with its whole history.
/// </summary>
internal sealed class DeliveryFailureHandler(
    DeadLetterPublisher deadLetters,
    RetryParker parker,
    IOptions<RetryOptions> retryOptions,
    PipelineFailures failures,
    TimeProvider time)
{
    public const string PermanentFailureReason = "permanent-failure";
    public const string RetriesExhaustedReason = "retries-exhausted";

    public void Handle(OutboundStatus outbound, Error error) =>
        Handle(outbound, FailureClassifier.Classify(error), FailureClassifier.Describe(error));

    public void Handle(OutboundStatus outbound, FailureClass failureClass, string error)
    {
        if (failureClass == FailureClass.Fatal)
        {
            // Not acknowledged: the input offset stays uncommitted and the status is read again after the restart.
            failures.ReportFatal($"delivering {outbound.Status.StatusId} failed fatally: {error}");
            return;
        }

        var now = time.GetUtcNow();
        var attempt = outbound.Attempt;
        var next = attempt.Failed(new AttemptRecord(attempt.Number, now, failureClass, error));
        if (failureClass == FailureClass.Permanent)
        {
            deadLetters.PublishUndeliverable(outbound, PermanentFailureReason, error, next);
            return;
        }

        var schedule = new BackoffSchedule(retryOptions.Value.PolicyFor(outbound.Callback.Target));
        if (!schedule.CanRetry(attempt.RetriesDone))
        {
            deadLetters.PublishUndeliverable(outbound, RetriesExhaustedReason,
                $"gave up after {attempt.Number} attempts; last error: {error}", next);
            return;
        }

        var dueAt = schedule.DueAt(now, attempt.RetriesDone);
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
