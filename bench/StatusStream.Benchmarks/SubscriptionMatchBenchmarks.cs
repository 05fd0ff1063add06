using BenchmarkDotNet.Attributes;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Intake;
using StatusStream.Records;
using StatusStream.Subscriptions;

namespace StatusStream.Benchmarks;

/// <summary>
/// Routing one event to the subscriptions of its namespace: one subscription on its service that matches, plus
/// <see cref="FailureOnly"/> subscriptions that name only the outcome "failure" (the attack: every event of the namespace
/// used to look at each) and <see cref="SuccessOnly"/> that name only "success" and all match (the ones that cost by design:
/// each is an output; Subscriptions:MaxBroadPerNamespace, 100 by default, bounds them). The event's three recipients all succeeded.
/// </summary>
[MemoryDiagnoser]
public class SubscriptionMatchBenchmarks
{
    private SubscriptionStore _store = null!;
    private NotificationEvent _event = null!;

    [Params(0, 2000)]
    public int FailureOnly { get; set; }

    [Params(0, 100)]
    public int SuccessOnly { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = new SubscriptionStore();
        _store.Apply(Stream(new SubscriptionFilter(null, "billing", OutcomeFilter.Any, [])));
        for (var i = 0; i < FailureOnly; i++)
        {
            _store.Apply(Stream(new SubscriptionFilter(null, null, OutcomeFilter.Failure, [])));
        }

        for (var i = 0; i < SuccessOnly; i++)
        {
            _store.Apply(Stream(new SubscriptionFilter(null, null, OutcomeFilter.Success, [])));
        }

        _event = new NotificationEvent(Guid.NewGuid(), "email",
            [new RecipientOutcome(Guid.NewGuid(), true, ""), new RecipientOutcome(Guid.NewGuid(), true, ""), new RecipientOutcome(Guid.NewGuid(), true, "")],
            new StatusCallback(CallbackType.Kafka, "city.billing-callback"), new EventSource("city", "billing"), OccurredAt: null);
    }

    [Benchmark(Description = "SubscriptionStore.Match, one event")]
    public int Match() => _store.Match(_event, "city")?.Count ?? 0;

    private static Subscription Stream(SubscriptionFilter filter) =>
        new(Guid.NewGuid(), "city", SubscriptionMode.Continuous, SubscriptionState.Active, DateTimeOffset.UnixEpoch, filter,
            callbackUrl: null, "city.subscriptions-callback", WebhookProfile.Hal, signingSecret: null);
}
