using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Intake;
using StatusStream.Records;
using StatusStream.Routing;
using StatusStream.Subscriptions;

namespace StatusStream.Tests.Subscriptions;

/// <summary>Matching and the local decisions of the store, without Kafka.</summary>
public sealed class SubscriptionStoreTests
{
    [Fact]
    public void Match_ManySubscriptionsThatCannotMatch_OnlyTheMatchingOnes()
    {
        var store = new SubscriptionStore();
        for (var i = 0; i < 10_000; i++)
        {
            store.Apply(Webhook("city", new SubscriptionFilter(null, null, OutcomeFilter.Any, [Guid.NewGuid()])));
        }

        var byService = Webhook("city", new SubscriptionFilter(null, "billing", OutcomeFilter.Any, []));
        var byProvider = Webhook("city", new SubscriptionFilter("Slack", null, OutcomeFilter.Any, []));
        var both = Webhook("city", new SubscriptionFilter("email", "billing", OutcomeFilter.Any, []));
        var other = Webhook("parking", SubscriptionFilter.None);
        foreach (var subscription in new[] { byService, byProvider, both, other })
        {
            store.Apply(subscription);
        }

        var targets = store.Match(Event("slack", "billing"), "city");

        Assert.Equal(new[] { byService.Id, byProvider.Id }.Order(), targets!.Select(t => t.Callback.Subscription!.Value).Order());
        Assert.Null(store.Match(Event("sms", "parking"), "city"));
        Assert.Null(store.Match(Event("slack", "billing"), "nobody"));
    }

    [Fact]
    public void Match_OnlyOnce_ClaimedByTheFirstEventUntilReleased()
    {
        var store = new SubscriptionStore();
        var once = Webhook("city", SubscriptionFilter.None, SubscriptionMode.OnlyOnce);
        store.Apply(once);

        var first = Assert.Single(store.Match(Event("email", "x"), "city")!);
        var second = store.Match(Event("email", "x"), "city");
        store.Release(once.Id);
        var third = store.Match(Event("email", "x"), "city");

        Assert.Equal(StatusSelection.FirstOnly, first.Selection);
        Assert.Null(second);
        Assert.Single(third!);
    }

    [Fact]
    public void TryStop_StopsRoutingAndDeliveringAtOnce_OnlyTheFirstCallerWrites()
    {
        var store = new SubscriptionStore();
        var subscription = Webhook("city", SubscriptionFilter.None);
        store.Apply(subscription);

        Assert.True(store.TryStop(subscription.Id));
        Assert.False(store.TryStop(subscription.Id));
        Assert.False(store.IsDeliverable(subscription.Id));
        Assert.Null(store.Match(Event("email", "x"), "city"));
        Assert.NotNull(store.Settings(subscription.Id));
    }

    [Fact]
    public void ApplyEnd_KnownToItsNamespaceOnly_SettingsKeptForStatusesOnTheirWay()
    {
        var store = new SubscriptionStore();
        var subscription = Webhook("city", SubscriptionFilter.None);
        store.Apply(subscription);

        store.ApplyEnd(subscription.Id, "city", EndReason.Cancelled);

        Assert.Null(store.Find("city", subscription.Id));
        Assert.True(store.HasEnded("city", subscription.Id));
        Assert.False(store.HasEnded("parking", subscription.Id));
        Assert.False(store.IsDeliverable(subscription.Id));
        Assert.NotNull(store.Settings(subscription.Id)?.Webhook);
        Assert.Equal(0, store.CountIn("city").Total);
    }

    [Fact]
    public void ToString_NeverShowsTheUrlOrTheSecret()
    {
        var subscription = Webhook("city", SubscriptionFilter.None);

        Assert.DoesNotContain("token", subscription.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_", subscription.ToString(), StringComparison.Ordinal);
    }

    private static Subscription Webhook(string ns, SubscriptionFilter filter, SubscriptionMode mode = SubscriptionMode.Continuous) =>
        new(Guid.NewGuid(), ns, mode, SubscriptionState.Active, DateTimeOffset.UnixEpoch, filter,
            "https://203.0.113.10/hook?token=abc", topic: null, WebhookProfile.Hal, "whsec_" + Convert.ToBase64String(new byte[32]));

    private static NotificationEvent Event(string provider, string service) =>
        new(Guid.NewGuid(), provider, [new RecipientOutcome(Guid.NewGuid(), true, "")],
            new StatusCallback(CallbackType.Kafka, "city.x-callback"), new EventSource("city", service), OccurredAt: null);
}
