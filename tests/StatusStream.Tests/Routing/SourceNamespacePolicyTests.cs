using Microsoft.Extensions.Options;
using StatusStream.Intake;
using StatusStream.Routing;

namespace StatusStream.Tests.Routing;

public sealed class SourceNamespacePolicyTests
{
    private static readonly StatusCallback BillingTopic = new(CallbackType.Kafka, "billing.payments-callback");

    [Fact]
    public void Refuse_AnyPolicy_LetsAnEventWriteIntoAnotherNamespace() =>
        Assert.Null(Policy(TargetPolicyKind.Any).Refuse(Event(new EventSource("city", "parking"), BillingTopic).Source, BillingTopic));

    [Fact]
    public void Refuse_SourceNamespace_ForeignTopicRefusedNamingBothNamespaces()
    {
        var refusal = Policy(TargetPolicyKind.SourceNamespace).Refuse(Event(new EventSource("city", "parking"), BillingTopic).Source, BillingTopic);

        Assert.NotNull(refusal);
        Assert.Equal(SourceNamespacePolicy.ForeignNamespaceReason, refusal.Reason);
        Assert.Contains("'city'", refusal.Detail, StringComparison.Ordinal);
        Assert.Contains("billing.payments-callback", refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuse_SourceNamespace_OwnNamespaceTopicAllowed()
    {
        var own = new StatusCallback(CallbackType.Kafka, "city.parking-callback");

        Assert.Null(Policy(TargetPolicyKind.SourceNamespace).Refuse(Event(new EventSource("city", "billing"), own).Source, own));
    }

    [Fact]
    public void Refuse_SourceNamespace_EventWithoutSourceRefused()
    {
        var refusal = Policy(TargetPolicyKind.SourceNamespace).Refuse(Event(null, BillingTopic).Source, BillingTopic);

        Assert.Equal(SourceNamespacePolicy.SourceRequiredReason, refusal?.Reason);
    }

    [Fact]
    public void Resolve_RefusedTarget_StillOneTargetSoItsStatusesAreCountedAndDeadLettered()
    {
        var targets = new CallbackTargets([Policy(TargetPolicyKind.SourceNamespace)], []);

        var resolved = Assert.Single(targets.Resolve(Event(new EventSource("city", "parking"), BillingTopic)));

        Assert.Equal(BillingTopic, resolved.Callback);
        Assert.Equal(SourceNamespacePolicy.ForeignNamespaceReason, resolved.Refusal?.Reason);
    }

    private static SourceNamespacePolicy Policy(TargetPolicyKind kind) => new(Options.Create(new RoutingOptions { TargetPolicy = kind }));

    private static NotificationEvent Event(EventSource? source, StatusCallback callback) =>
        new(Guid.NewGuid(), "email", [new RecipientOutcome(Guid.NewGuid(), true, "")], callback, source, null);
}
