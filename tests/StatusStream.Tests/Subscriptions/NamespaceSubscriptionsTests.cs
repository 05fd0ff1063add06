using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Subscriptions;

namespace StatusStream.Tests.Subscriptions;

/// <summary>The index's promise: an event looks only at subscriptions that could match it, whatever else the namespace holds.</summary>
public sealed class NamespaceSubscriptionsTests
{
    [Fact]
    public void ForEachCandidate_AllRecipientsSucceeded_NeverLooksAtTheFailureOnlyOnes()
    {
        var index = new NamespaceSubscriptions();
        for (var i = 0; i < 2_000; i++)
        {
            index.Add(Stream(OutcomeFilter.Failure));
        }

        var success = Stream(OutcomeFilter.Success);
        var any = Stream(OutcomeFilter.Any);
        index.Add(success);
        index.Add(any);

        var seen = Visit(index, anySuccess: true, anyFailure: false);

        Assert.Equal(new[] { success.Id, any.Id }.Order(), seen.Order());
        Assert.Equal(2_002, Visit(index, anySuccess: true, anyFailure: true).Count);
        Assert.Equal(2_001, Visit(index, anySuccess: false, anyFailure: true).Count);
    }

    [Fact]
    public void ForEachCandidate_BySourceServiceAndOutcome_OnlyItsServicesBucketForItsOutcome()
    {
        var index = new NamespaceSubscriptions();
        for (var i = 0; i < 1_000; i++)
        {
            index.Add(Stream(OutcomeFilter.Success, "service-" + i));
        }

        var billingFailures = Stream(OutcomeFilter.Failure, "billing");
        index.Add(billingFailures);
        index.Add(Stream(OutcomeFilter.Success, "billing"));

        Assert.Equal([billingFailures.Id], Visit(index, anySuccess: false, anyFailure: true, service: "billing"));
    }

    [Fact]
    public void AddRemove_DisabledCountedButNeverLookedAt_BroadCountedApart()
    {
        var index = new NamespaceSubscriptions();
        var disabled = Stream(OutcomeFilter.Any) with { State = SubscriptionState.Disabled };
        var narrow = Stream(OutcomeFilter.Any, "billing");
        index.Add(disabled);
        index.Add(narrow);

        Assert.Empty(Visit(index, anySuccess: true, anyFailure: true));
        Assert.Equal((2, 1), (index.Count, index.BroadCount));

        index.Remove(disabled);
        index.Remove(narrow);

        Assert.Equal((0, 0), (index.Count, index.BroadCount));
        Assert.Empty(Visit(index, anySuccess: true, anyFailure: true, service: "billing"));
    }

    private static List<Guid> Visit(NamespaceSubscriptions index, bool anySuccess, bool anyFailure, string? service = null)
    {
        var seen = new List<Guid>();
        index.ForEachCandidate(Guid.NewGuid(), service, "email", anySuccess, anyFailure, ref seen, static (subscription, ref list) => list.Add(subscription.Id));
        return seen;
    }

    private static Subscription Stream(OutcomeFilter outcome, string? service = null) =>
        new(Guid.NewGuid(), "city", SubscriptionMode.Continuous, SubscriptionState.Active, DateTimeOffset.UnixEpoch,
            new SubscriptionFilter(null, service, outcome, []), callbackUrl: null, "city.subscriptions-callback", WebhookProfile.Hal, signingSecret: null);
}
