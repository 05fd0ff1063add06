using Microsoft.Extensions.Options;
using StatusStream.Intake;
using StatusStream.Records;
using StatusStream.Routing;

namespace StatusStream.Tests.Routing;

public sealed class SourceNamespacePolicyTests
{
    private static readonly StatusCallback BillingTopic = new(CallbackType.Kafka, "billing.payments-callback");

    [Fact]
    public void Refuse_AnyPolicy_LetsAnEventWriteIntoAnotherNamespace() =>
        Assert.Null(Policy(TargetPolicyKind.Any).Refuse(Event(new EventSource("city", "parking"), BillingTopic).Source, BillingTopic, inputNamespace: null));

    [Fact]
    public void Refuse_SourceNamespace_ForeignTopicRefusedNamingBothNamespaces()
    {
        var refusal = Policy(TargetPolicyKind.SourceNamespace).Refuse(Event(new EventSource("city", "parking"), BillingTopic).Source, BillingTopic, inputNamespace: null);

        Assert.NotNull(refusal);
        Assert.Equal(SourceNamespacePolicy.ForeignNamespaceReason, refusal.Reason);
        Assert.Contains("'city'", refusal.Detail, StringComparison.Ordinal);
        Assert.Contains("billing.payments-callback", refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuse_SourceNamespace_OwnNamespaceTopicAllowed()
    {
        var own = new StatusCallback(CallbackType.Kafka, "city.parking-callback");

        Assert.Null(Policy(TargetPolicyKind.SourceNamespace).Refuse(Event(new EventSource("city", "billing"), own).Source, own, inputNamespace: null));
    }

    [Fact]
    public void Refuse_SourceNamespace_EventWithoutSourceRefused()
    {
        var refusal = Policy(TargetPolicyKind.SourceNamespace).Refuse(Event(null, BillingTopic).Source, BillingTopic, inputNamespace: null);

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

    [Fact]
    public void Resolve_InboundMessageWithoutSource_RefusedUnderSourceNamespaceLikeAnEvent()
    {
        var targets = new CallbackTargets([Policy(TargetPolicyKind.SourceNamespace)], []);

        var resolved = Assert.Single(targets.Resolve(Inbound(null, BillingTopic)));

        Assert.Equal(SourceNamespacePolicy.SourceRequiredReason, resolved.Refusal?.Reason);
        Assert.Equal(SourceNamespacePolicy.ForeignNamespaceReason, Assert.Single(targets.Resolve(Inbound(new EventSource("city", "parking"), BillingTopic))).Refusal?.Reason);
        Assert.Null(Assert.Single(targets.Resolve(Inbound(new EventSource("billing", "payments"), BillingTopic))).Refusal);
    }

    [Fact]
    public void Resolve_InboundMessage_ItsOwnCallbackThenTheSourcesMessageTargetsNeverTheirStatusTargets()
    {
        var targets = new CallbackTargets([], [new KindedSource()]);

        var forMessage = targets.Resolve(Inbound(new EventSource("billing", "payments"), BillingTopic));
        var forEvent = targets.Resolve(Event(new EventSource("billing", "payments"), BillingTopic));

        Assert.Equal([BillingTopic, KindedSource.MessageTarget.Callback], forMessage.Select(t => t.Callback));
        Assert.Equal([BillingTopic, KindedSource.StatusTarget.Callback], forEvent.Select(t => t.Callback));
    }

    private static InboundMessage Inbound(EventSource? source, StatusCallback callback) =>
        new(Guid.NewGuid(), "447700912345", "07700987654", "hi", DateTimeOffset.UnixEpoch, callback, source);

    /// <summary>A target source with one subscription-like target for every event and another for every received message.</summary>
    private sealed class KindedSource : ITargetSource
    {
        public static readonly ResolvedTarget StatusTarget = new(new StatusCallback(CallbackType.Kafka, "billing.statuses-callback", Guid.NewGuid()), Refusal: null);
        public static readonly ResolvedTarget MessageTarget = new(new StatusCallback(CallbackType.Kafka, "billing.messages-callback", Guid.NewGuid()), Refusal: null);

        public IReadOnlyList<ResolvedTarget>? Extra(NotificationEvent notification, string? inputNamespace) => [StatusTarget];

        public IReadOnlyList<ResolvedTarget>? Extra(InboundMessage message, string? inputNamespace) => [MessageTarget];
    }

    private static SourceNamespacePolicy Policy(TargetPolicyKind kind) => new(Options.Create(new RoutingOptions { TargetPolicy = kind }));

    private static NotificationEvent Event(EventSource? source, StatusCallback callback) =>
        new(Guid.NewGuid(), "email", [new RecipientOutcome(Guid.NewGuid(), true, "")], callback, source, null);
}
