using StatusStream.Outbound;

namespace StatusStream.Delivery.Webhooks;

/// <summary>The outcome of one HTTP attempt: delivered when <see cref="Failure"/> is null.</summary>
/// <param name="ResponseClass">
/// The attempt's class as <c>statusstream.webhook.responses</c> counts it, once per attempt, decided when the attempt is
/// over (docs/observability.md, "Metrics"): <c>2xx</c> only when the body was read too, <c>timeout</c> for headers then a stalled body.
/// </param>
internal sealed record WebhookAttemptResult(DeliveryFailure? Failure, string ResponseClass)
{
    public const string Timeout = "timeout";
    public const string ConnectError = "connect_error";
    public const string ResponseError = "response_error";
    public const string Refused = "refused";
    public const string CircuitOpen = "circuit_open";

    /// <summary>An exception nobody expected from the sending code (a bug of ours or of a library).</summary>
    public const string Unexpected = "unexpected";

    public static WebhookAttemptResult Delivered { get; } = new(Failure: null, "2xx");
}
