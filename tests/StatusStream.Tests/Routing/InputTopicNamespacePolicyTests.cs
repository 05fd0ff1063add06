using System.Text.Json;
using Microsoft.Extensions.Options;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Kafka;
using StatusStream.Outbound;
using StatusStream.Records;
using StatusStream.Routing;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Routing;

/// <summary>
/// Routing:TargetPolicy=InputTopicNamespace: the namespace of an input is that of the topic it arrived on, never what it
/// claims. End to end on the embedded cluster with two namespaces' input topics, a subscription and a callback topic.
/// </summary>
public sealed class InputTopicNamespacePolicyTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly StatusCallback CityTopic = new(CallbackType.Kafka, "city.parking-callback");

    [Fact]
    public void Refuse_ClaimOfAnotherNamespace_RefusedForeignNamespaceNamingBoth()
    {
        var refusal = Policy().Refuse(new EventSource("city", "parking"), CityTopic, inputNamespace: "parking");

        Assert.Equal(SourceNamespacePolicy.ForeignNamespaceReason, refusal?.Reason);
        Assert.Contains("'parking'", refusal!.Detail, StringComparison.Ordinal);
        Assert.Contains("'city'", refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuse_NoClaimButAnotherNamespacesTopic_RefusedForeignNamespace() =>
        Assert.Equal(SourceNamespacePolicy.ForeignNamespaceReason, Policy().Refuse(null, CityTopic, inputNamespace: "parking")?.Reason);

    [Fact]
    public void Refuse_OwnTopicWithOrWithoutClaim_Allowed()
    {
        Assert.Null(Policy().Refuse(new EventSource("city", "parking"), CityTopic, inputNamespace: "city"));
        Assert.Null(Policy().Refuse(null, CityTopic, inputNamespace: "city"));
    }

    [Fact]
    public void Refuse_NoInputNamespace_Refused() =>
        Assert.Equal(SourceNamespacePolicy.ForeignNamespaceReason, Policy().Refuse(new EventSource("city", "parking"), CityTopic, inputNamespace: null)?.Reason);

    [Fact]
    public void Refuse_OtherPolicy_NothingRefused() =>
        Assert.Null(Policy(TargetPolicyKind.SourceNamespace).Refuse(new EventSource("city", "parking"), CityTopic, inputNamespace: "parking"));

    [Fact]
    public void Of_ReadTopicsOnly_TheirFirstLabel()
    {
        var namespaces = Namespaces(TargetPolicyKind.InputTopicNamespace);

        Assert.Equal("city", namespaces.Of("city.notifications"));
        Assert.Equal("parking", namespaces.Of("parking.notifications"));
        Assert.Equal("city", namespaces.Of("city.inbound"));
        // A topic this instance does not read vouches for nothing, even when its name has a namespace.
        Assert.Null(namespaces.Of("billing.notifications"));
        Assert.Null(Namespaces(TargetPolicyKind.SourceNamespace).Of("city.notifications"));
    }

    [Theory]
    [InlineData("city.notifications", "city")]
    [InlineData("billing.notifications", null)]
    public void WithTrustedNamespace_RetriedStatus_NamespaceFoundAgainFromItsInputTopic(string originTopic, string? expected)
    {
        var parked = new OutboundStatus(StatusExpander.Expand(Event(null))[0], payload: null, CityTopic,
            new InputOrigin(originTopic, 0, 7, DateTimeOffset.UnixEpoch), traceParent: null, acknowledgement: null!);

        Assert.Equal(expected, Namespaces(TargetPolicyKind.InputTopicNamespace).WithTrustedNamespace(parked).TrustedNamespace);
        Assert.Null(Namespaces(TargetPolicyKind.SourceNamespace).WithTrustedNamespace(parked).TrustedNamespace);
    }

    [Theory]
    [InlineData("notifications", "city.inbound", "Kafka:InputTopics")]
    [InlineData("city.notifications,Parking.notifications", "city.inbound", "Kafka:InputTopics")]
    [InlineData("city.notifications", "inbound", "Kafka:InboundTopic")]
    public void Validate_TopicWithoutANamespace_FailsNamingTheSetting(string inputTopics, string inboundTopic, string setting)
    {
        var validator = new RoutingOptionsValidator(Options.Create(new KafkaOptions { InputTopics = inputTopics, InboundTopic = inboundTopic }));

        var result = validator.Validate(null, new RoutingOptions { TargetPolicy = TargetPolicyKind.InputTopicNamespace });

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Routing:TargetPolicy", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ClaimOfAnotherNamespace_NoSubscriptionAsked()
    {
        var targets = new CallbackTargets([Policy()], [new EverySource()]);

        var forged = targets.Resolve(Event(new EventSource("city", "parking")), inputNamespace: "parking");
        var honest = targets.Resolve(Event(new EventSource("city", "parking")), inputNamespace: "city");

        Assert.Equal(SourceNamespacePolicy.ForeignNamespaceReason, Assert.Single(forged).Refusal?.Reason);
        Assert.Equal(2, honest.Count);
    }

    [Fact]
    public async Task Route_TwoNamespaceTopics_ClaimsOnAnotherNamespacesTopicRefused_SubscriptionsGetOnlyTheirTopicsEvents()
    {
        var city = TestKafka.Unique("city");
        var parking = TestKafka.Unique("park");
        var cityKey = $"key-of-{city}-0123456789";
        kafka.CreateTopic($"{city}.notifications", 2);
        kafka.CreateTopic($"{parking}.notifications", 2);
        kafka.CreateTopic($"{city}.inbound", 1);
        var topics = PipelineTopics.Create(kafka) with { Input = $"{city}.notifications,{parking}.notifications", Inbound = $"{city}.inbound" };
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var api = await SubscriptionTestHost.StartAsync(kafka, topics, SubscriptionTestHost.CreateTopic(kafka),
            ("Routing:TargetPolicy", "InputTopicNamespace"), ($"Subscriptions:ApiKeys:{city}", SubscriptionTestHost.Digest(cityKey)));
        await api.CreateAsync(cityKey, new { mode = "continuous", callbackUrl = receiver.BaseUrl + "/city" });
        var cityCallback = SubscriptionEvents.CallbackTopic(kafka, city);
        using var reader = new TopicReader(kafka, cityCallback, topics.DeadLetter);
        using var producer = kafka.CreateProducer();

        // On parking's topic: claiming city, and claiming nothing; both name city's callback topic.
        var claimed = SubscriptionEvents.From(city, "parking", cityCallback);
        var unclaimed = SubscriptionEvents.From(null, "parking", cityCallback);
        SampleEvents.Produce(producer, $"{parking}.notifications", claimed.Json);
        SampleEvents.Produce(producer, $"{parking}.notifications", unclaimed.Json);
        // On city's own topic: with and without a source, both city's.
        var own = SubscriptionEvents.From(city, "parking", cityCallback);
        var ownUnclaimed = SubscriptionEvents.From(null, "parking", cityCallback);
        SampleEvents.Produce(producer, $"{city}.notifications", own.Json);
        SampleEvents.Produce(producer, $"{city}.notifications", ownUnclaimed.Json);
        producer.Flush();

        await reader.WaitForAsync(topics.DeadLetter, 2, Deadline);
        await reader.WaitForAsync(cityCallback, 2, Deadline);
        await Poll.UntilAsync(() => receiver.Received.Count >= 2, Deadline, () => $"{receiver.Received.Count} subscription callbacks");
        // Every output of every record settled: whatever was routed has arrived.
        await Poll.UntilAsync(() => api.Host.Pipeline.InFlightStatuses == 0, Deadline, () => $"{api.Host.Pipeline.InFlightStatuses} statuses in flight");

        Assert.Equal(new[] { own.EventId, ownUnclaimed.EventId }.Order(), reader.On(cityCallback).Select(EventIdOf).Order());
        Assert.Equal(new[] { own.EventId, ownUnclaimed.EventId }.Order(),
            receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("status").GetProperty("event_id").GetGuid()).Order());
        var deadLetters = reader.On(topics.DeadLetter);
        Assert.Equal(new[] { claimed.EventId, unclaimed.EventId }.Order(), deadLetters.Select(EventIdOf).Order());
        Assert.All(deadLetters, d =>
        {
            Assert.Equal(SourceNamespacePolicy.ForeignNamespaceReason, SampleEvents.Header(d, DeadLetterHeaders.Reason));
            Assert.Equal($"{parking}.notifications", SampleEvents.Header(d, DeadLetterHeaders.OriginalTopic));
        });
    }

    private static Guid EventIdOf(Confluent.Kafka.ConsumeResult<byte[], byte[]> record) =>
        JsonDocument.Parse(record.Message.Value).RootElement.GetProperty("event_id").GetGuid();

    private static InputTopicNamespaces Namespaces(TargetPolicyKind kind) =>
        new(Options.Create(new RoutingOptions { TargetPolicy = kind }),
            Options.Create(new KafkaOptions { InputTopics = "city.notifications, parking.notifications", InboundTopic = "city.inbound" }));

    private static InputTopicNamespacePolicy Policy(TargetPolicyKind kind = TargetPolicyKind.InputTopicNamespace) => new(Namespaces(kind));

    private static NotificationEvent Event(EventSource? source) =>
        new(Guid.NewGuid(), "email", [new RecipientOutcome(Guid.NewGuid(), true, "")], CityTopic, source, null);

    /// <summary>A subscription-like target for every input it is asked about.</summary>
    private sealed class EverySource : ITargetSource
    {
        private static readonly ResolvedTarget Target = new(new StatusCallback(CallbackType.Kafka, "city.subscriptions-callback", Guid.NewGuid()), Refusal: null);

        public IReadOnlyList<ResolvedTarget>? Extra(NotificationEvent notification, string? inputNamespace) => [Target];

        public IReadOnlyList<ResolvedTarget>? Extra(InboundMessage message, string? inputNamespace) => [Target];
    }
}
