using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatusStream.Records;
using StatusStream.Delivery.Webhooks;
using StatusStream.Kafka;
using StatusStream.OperationalEvents;
using StatusStream.Outbound;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Delivery.Webhooks;

/// <summary>
/// Operational events and auto-disable end to end: the embedded cluster in, real receivers on 127.0.0.1 out, the events
/// read from the test's own operations topic.
/// </summary>
public sealed class WebhookEndpointDisableTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Webhooks:AllowLoopback"] = "true",
            ["Webhooks:TimeoutSeconds"] = "2",
            ["Retry:BackoffFactor"] = "0.1",
            ["Retry:BackoffMax"] = "0.3",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task Deliver_EndpointFailsPastTheWindow_DisabledWithItsEventDeadLettersAtOnceAndIsEnabledAgain()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var healthy = 0;
        receiver.Respond((_, _) => Task.FromResult(Volatile.Read(ref healthy) == 1 ? 200 : 500));
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.DeadLetter, topics.Operations);
        await using var host = await PipelineHost.StartAsync(kafka, topics, Settings(
            ("Retry:MaxRetries", "100"),
            ("Webhooks:BreakerMinimumThroughput", "1000"),
            ("Webhooks:DisableAfterFailingSeconds", "1"),
            ("Webhooks:Endpoints:partner:Url", receiver.BaseUrl + "/hooks")));
        using var producer = kafka.CreateProducer();

        // Fails on every attempt: after a second of that the endpoint is disabled, and this status, still climbing its
        // ladder of 100 retries, is dead-lettered at its next attempt instead of burning the rest.
        var first = SampleEvents.Webhook(receiver.BaseUrl + "/hooks/status");
        SampleEvents.Produce(producer, topics.Input, first);
        producer.Flush();
        await Poll.UntilAsync(() => Events(reader, topics).Any(e => e.Type == OperationalEventTypes.EndpointDisabled), Deadline,
            () => $"no endpoint-disabled event; {receiver.Received.Count} requests so far");
        var disabled = Assert.Single(Events(reader, topics), e => e.Type == OperationalEventTypes.EndpointDisabled);
        Assert.Equal(("partner", (string?)null, "failing"), (disabled.Endpoint, disabled.Namespace, disabled.Reason));
        Assert.True(disabled.OccurredAt - disabled.FailingSince >= TimeSpan.FromSeconds(1), $"{disabled.FailingSince} .. {disabled.OccurredAt}");
        Assert.Equal("endpoint:partner", KeyOf(reader, topics, disabled));
        await reader.WaitForAsync(topics.DeadLetter, 1, Deadline);
        Assert.Equal(WebhookDelivery.EndpointDisabledReason, SampleEvents.Header(Assert.Single(reader.On(topics.DeadLetter)), DeadLetterHeaders.Reason));

        // Disabled: a new status is dead-lettered at once, without a request.
        var requestsBefore = receiver.Received.Count;
        SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook(receiver.BaseUrl + "/hooks/status"));
        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 2, Deadline);
        Assert.All(reader.On(topics.DeadLetter), d => Assert.Equal(WebhookDelivery.EndpointDisabledReason, SampleEvents.Header(d, DeadLetterHeaders.Reason)));
        Assert.Equal(requestsBefore, receiver.Received.Count);

        // An operator enables it (as `statusstream endpoints enable partner` does): the instance reads it back and delivers again.
        Volatile.Write(ref healthy, 1);
        var kafkaOptions = host.Services.GetRequiredService<IOptions<KafkaOptions>>().Value;
        await EndpointSwitch.SetAsync(kafkaOptions, enabled: true, "partner", null, TimeProvider.System, Deadline, CancellationToken.None);
        await Poll.UntilAsync(() => host.Services.GetRequiredService<DisabledEndpoints>().Count == 0, Deadline, () => "the enable was not read back");
        SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook(receiver.BaseUrl + "/hooks/status"));
        producer.Flush();
        await Poll.UntilAsync(() => receiver.Received.Any(r => r.Answered == 200), Deadline, () => "nothing delivered after enabling");
        await Poll.UntilAsync(() => Events(reader, topics).Any(e => e.Type == OperationalEventTypes.EndpointEnabled && e.Endpoint == "partner" && e.Reason == EndpointSwitch.ByOperator),
            Deadline, () => "no endpoint-enabled event");
    }

    [Fact]
    public async Task Start_EndpointDisabledBeforeARestart_StaysDisabledAndNamesNoPath()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond(500);
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.DeadLetter, topics.Operations);
        var settings = Settings(("Retry:MaxRetries", "100"), ("Webhooks:BreakerMinimumThroughput", "1000"), ("Webhooks:DisableAfterFailingSeconds", "1"));
        using var producer = kafka.CreateProducer();
        await using (var host = await PipelineHost.StartAsync(kafka, topics, settings))
        {
            SampleEvents.Produce(producer, topics.Input, SampleEvents.WebhookFrom("parking", receiver.BaseUrl + "/secret-path/token-4711"));
            producer.Flush();
            await reader.WaitForAsync(topics.DeadLetter, 1, Deadline);
        }

        var disabled = Assert.Single(Events(reader, topics), e => e.Type == OperationalEventTypes.EndpointDisabled);
        // An unnamed endpoint is its origin and the namespace it belongs to; the path may hold a credential.
        Assert.Equal((receiver.BaseUrl, "parking"), (disabled.Endpoint, disabled.Namespace));
        Assert.All(reader.On(topics.Operations), r => Assert.DoesNotContain("secret-path", Encoding.UTF8.GetString(r.Message.Value), StringComparison.Ordinal));

        // A new instance reads the operations topic back before it consumes: the first status is dead-lettered, never sent.
        var requestsBefore = receiver.Received.Count;
        await using var restarted = await PipelineHost.StartAsync(kafka, topics, settings);
        SampleEvents.Produce(producer, topics.Input, SampleEvents.WebhookFrom("parking", receiver.BaseUrl + "/secret-path/token-4711"));
        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 2, Deadline);
        Assert.Equal(WebhookDelivery.EndpointDisabledReason, SampleEvents.Header(reader.On(topics.DeadLetter)[1], DeadLetterHeaders.Reason));
        Assert.Equal(requestsBefore, receiver.Received.Count);
    }

    [Fact]
    public async Task Deliver_BreakerOpensThenCloses_BothEventsOnTheOperationsTopic()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond((n, _) => Task.FromResult(n <= 10 ? 500 : 200));
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.Operations);
        await using var host = await PipelineHost.StartAsync(kafka, topics, Settings(
            ("Retry:MaxRetries", "3"), ("Webhooks:BreakerBreakSeconds", "1"), ("Webhooks:BreakerMinimumThroughput", "10")));
        using var producer = kafka.CreateProducer();

        for (var i = 0; i < 20; i++)
        {
            SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook(receiver.BaseUrl + "/recovers"));
        }

        producer.Flush();
        await Poll.UntilAsync(() => Events(reader, topics).Any(e => e.Type == OperationalEventTypes.BreakerClosed), Deadline,
            () => string.Join(", ", Events(reader, topics).Select(e => e.Type)));

        var events = Events(reader, topics);
        Assert.Equal(OperationalEventTypes.BreakerOpened, events[0].Type);
        Assert.All(events, e => Assert.Equal((receiver.BaseUrl, ""), (e.Endpoint, e.Namespace)));
        Assert.DoesNotContain(events, e => e.Type == OperationalEventTypes.EndpointDisabled);
    }

    private static List<OperationalEvent> Events(TopicReader reader, PipelineTopics topics) =>
        reader.On(topics.Operations)
            .Select(r => OperationalEventJson.TryRead(r.Message.Value, out var e) ? e! : throw new InvalidOperationException("not an operational event"))
            .ToList();

    private static string KeyOf(TopicReader reader, PipelineTopics topics, OperationalEvent e) =>
        Encoding.UTF8.GetString(reader.On(topics.Operations).Single(r => OperationalEventJson.TryRead(r.Message.Value, out var read) && read!.Id == e.Id).Message.Key);

}
