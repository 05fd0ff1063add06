using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using StandardWebhooks;
using StatusStream.Delivery.Webhooks.Signing;
using StatusStream.Records;
using StatusStream.Retry;
using StatusStream.Telemetry;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Pipeline;

/// <summary>
/// Received text messages (GOV.UK Notify) end to end on the embedded cluster and real receivers on 127.0.0.1: published to
/// the inbound topic, forwarded once to a Kafka callback or a webhook in GOV.UK Notify's format, retried, dead-lettered,
/// and never in a log line or a header.
/// </summary>
public sealed class InboundMessagePipelineTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    internal const string BearerToken = "notify-inbound-bearer-2c9e1f";
    private const string SigningSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Forward_KafkaCallbackAndWebhook_GovUkNotifyFormatExactlyWithBearerTokenAndMessageId()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka);
        using var reader = new TopicReader(kafka, callback);
        var settings = NotifyEndpoint(receiver);
        settings["Webhooks:Endpoints:notify:SigningSecrets"] = SigningSecret;
        await using var host = await PipelineHost.StartAsync(kafka, topics, settings);
        using var producer = kafka.CreateProducer();
        var byKafka = SampleInboundMessages.Kafka(callback);
        var byWebhook = SampleInboundMessages.Webhook(receiver.BaseUrl + "/notify/inbound");

        SampleEvents.Produce(producer, topics.Inbound, byKafka.Json);
        SampleEvents.Produce(producer, topics.Inbound, byWebhook.Json);
        producer.Flush();
        await reader.WaitForAsync(callback, 1, Deadline);
        await Poll.UntilAsync(() => receiver.Received.Count >= 1, Deadline, () => "no request yet");

        var record = Assert.Single(reader.On(callback));
        Assert.Equal(byKafka.ExpectedBody, Encoding.UTF8.GetString(record.Message.Value));
        Assert.Equal(byKafka.Id.ToString("D"), Encoding.UTF8.GetString(record.Message.Key));
        Assert.Equal(byKafka.Id.ToString("D"), SampleEvents.Header(record, InboundMessageHeaders.MessageId));
        Assert.Equal(InboundMessageHeaders.ContentType, SampleEvents.Header(record, StatusHeaders.ContentType));
        Assert.DoesNotContain(record.Message.Headers, h => h.Key is StatusHeaders.StatusId or StatusHeaders.Recipient or InboundMessageHeaders.Kind);

        var request = Assert.Single(receiver.Received);
        Assert.Equal("/notify/inbound", request.PathAndQuery);
        Assert.Equal(byWebhook.ExpectedBody, request.BodyText);
        Assert.Equal("Bearer " + BearerToken, request.Header("Authorization"));
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal(byWebhook.Id.ToString("D"), request.Header(InboundMessageHeaders.MessageId));
        // Signed like a status: webhook-id is the message id, and the receiver's own library verifies it.
        Assert.Equal(byWebhook.Id.ToString("D"), request.Header(StandardWebhookHeaders.IdName));
        new StandardWebhook(SigningSecret).Verify(request.BodyText, new HeaderDictionary
        {
            [StandardWebhookHeaders.IdName] = request.Header(StandardWebhookHeaders.IdName),
            [StandardWebhookHeaders.TimestampName] = request.Header(StandardWebhookHeaders.TimestampName),
            [StandardWebhookHeaders.SignatureName] = request.Header(StandardWebhookHeaders.SignatureName),
        });
    }

    [Fact]
    public async Task Forward_InvalidInboundMessages_DeadLetteredWithReasonAndTheirOwnBytes()
    {
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics);
        using var producer = kafka.CreateProducer();
        var good = SampleInboundMessages.Kafka("city.parking-callback");
        var withoutDate = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(good.Json).Replace("\"date_received\":\"2017-05-14T13:15:30.25+01:00\",", "", StringComparison.Ordinal));
        var badTarget = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(good.Json).Replace("city.parking-callback", "city.parking", StringComparison.Ordinal));
        var notJson = "447700912345: Hello"u8.ToArray();

        SampleEvents.Produce(producer, topics.Inbound, withoutDate);
        SampleEvents.Produce(producer, topics.Inbound, badTarget);
        SampleEvents.Produce(producer, topics.Inbound, notJson);
        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 3, Deadline);

        var deadLetters = reader.On(topics.DeadLetter);
        var byValue = deadLetters.ToDictionary(d => Encoding.UTF8.GetString(d.Message.Value), d => d);
        Assert.Equal("schema-violation", SampleEvents.Header(byValue[Encoding.UTF8.GetString(withoutDate)], DeadLetterHeaders.Reason));
        // The kind of problem only: what a reader says about a received message can quote it.
        Assert.StartsWith("schema-violation; the details are not shown", SampleEvents.Header(byValue[Encoding.UTF8.GetString(withoutDate)], DeadLetterHeaders.Detail),
            StringComparison.Ordinal);
        Assert.Equal("bad-callback-target", SampleEvents.Header(byValue[Encoding.UTF8.GetString(badTarget)], DeadLetterHeaders.Reason));
        Assert.Equal("not-json", SampleEvents.Header(byValue[Encoding.UTF8.GetString(notJson)], DeadLetterHeaders.Reason));
        Assert.All(deadLetters, d =>
        {
            Assert.Equal(DeadLetterHeaders.StageIntake, SampleEvents.Header(d, DeadLetterHeaders.Stage));
            Assert.Equal(topics.Inbound, SampleEvents.Header(d, DeadLetterHeaders.OriginalTopic));
            AssertNoPersonalData(HeaderText(d.Message.Headers), "dead-letter headers");
        });
    }

    [Fact]
    public async Task Forward_Receiver5xxTwice_RetriedThroughTheRetryTopicUntil200WithTheSameBodyAndId()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond(503, 500, 200);
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.Retry, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics, NotifyEndpoint(receiver));
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        using var delivered = new MetricCollector<long>(factory, StatusStreamMetrics.MeterName, StatusStreamMetrics.StatusesDelivered);
        using var retried = new MetricCollector<long>(factory, StatusStreamMetrics.MeterName, StatusStreamMetrics.StatusesRetried);
        using var producer = kafka.CreateProducer();
        var message = SampleInboundMessages.Webhook(receiver.BaseUrl + "/notify/inbound");

        SampleEvents.Produce(producer, topics.Inbound, message.Json);
        producer.Flush();
        await Poll.UntilAsync(() => receiver.Received.Any(r => r.Answered == 200), Deadline, () => $"{receiver.Received.Count} requests");
        await Poll.UntilAsync(() => delivered.GetMeasurementSnapshot().Count == 1, Deadline, () => "no delivery counted");

        var requests = receiver.Received.OrderBy(r => r.Number).ToList();
        Assert.Equal([503, 500, 200], requests.Select(r => r.Answered));
        Assert.All(requests, r =>
        {
            Assert.Equal(message.ExpectedBody, r.BodyText);
            Assert.Equal(message.Id.ToString("D"), r.Header(InboundMessageHeaders.MessageId));
            Assert.Equal("Bearer " + BearerToken, r.Header("Authorization"));
        });
        await reader.WaitForAsync(topics.Retry, 2, Deadline);
        var parked = reader.On(topics.Retry);
        Assert.Equal(["2", "3"], parked.Select(p => SampleEvents.Header(p, RetryHeaders.Attempt)).Order());
        Assert.All(parked, p =>
        {
            Assert.Equal(InboundMessageHeaders.InboundMessageKind, SampleEvents.Header(p, InboundMessageHeaders.Kind));
            Assert.Equal(message.ExpectedBody, Encoding.UTF8.GetString(p.Message.Value));
            AssertNoPersonalData(HeaderText(p.Message.Headers), "retry headers");
        });
        await reader.SettledAsync(kafka, Deadline, topics.InboundRead, topics.RetryRead);
        Assert.Empty(reader.On(topics.DeadLetter));
        var counted = Assert.Single(delivered.GetMeasurementSnapshot());
        Assert.Equal(TelemetryTags.InboundMessageItem, counted.Tags[TelemetryTags.ItemKind]);
        Assert.Equal(true, counted.Tags[TelemetryTags.Retried]);
        Assert.Equal(2, retried.GetMeasurementSnapshot().Count(m => (string?)m.Tags[TelemetryTags.ItemKind] == TelemetryTags.InboundMessageItem));
        AssertNoPersonalData(string.Join("\n", delivered.GetMeasurementSnapshot().Concat(retried.GetMeasurementSnapshot())
            .SelectMany(m => m.Tags.Select(t => $"{t.Key}={t.Value}"))), "metric tags");
    }

    [Fact]
    public async Task Forward_OrderedEndpoint_FirstMessageRetriedInPlace_LaterMessagesWaitBehindIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond(503, 503, 200); // the first message's first two attempts fail, every later request succeeds
        var topics = PipelineTopics.Create(kafka, inboundPartitions: 1);
        using var reader = new TopicReader(kafka, topics.Retry, topics.DeadLetter);
        var settings = NotifyEndpoint(receiver);
        settings["Webhooks:Endpoints:notify:Ordered"] = "true";
        await using var host = await PipelineHost.StartAsync(kafka, topics, settings);
        using var producer = kafka.CreateProducer();
        var messages = Enumerable.Range(0, 3).Select(_ => SampleInboundMessages.Webhook(receiver.BaseUrl + "/notify/inbound")).ToList();

        foreach (var message in messages)
        {
            SampleEvents.Produce(producer, topics.Inbound, message.Json);
        }

        producer.Flush();
        var ordered = host.Services.GetRequiredService<OrderedDelivery>();
        await Poll.UntilAsync(() => receiver.Received.Count(r => r.Answered == 200) == 3 && ordered.ActiveKeys == 0, Deadline,
            () => $"{receiver.Received.Count} requests, {ordered.ActiveKeys} keys active");

        var ids = messages.Select(m => m.Id.ToString("D")).ToList();
        Assert.Equal(
            [(ids[0], 503), (ids[0], 503), (ids[0], 200), (ids[1], 200), (ids[2], 200)],
            receiver.Received.OrderBy(r => r.Number).Select(r => (r.Header(InboundMessageHeaders.MessageId), r.Answered)));
        await reader.SettledAsync(kafka, Deadline, topics.InboundRead);
        Assert.Empty(reader.On(topics.Retry)); // retried in place, not parked
        Assert.Empty(reader.On(topics.DeadLetter));
    }

    [Fact]
    public async Task Forward_EveryOutcomeWithDebugLogs_NoPhoneNumberOrMessageTextInLogsOrHeaders()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // The refusing receiver echoes what it got, as some do: the echo must not reach the failure history either.
        var notifyRequests = 0;
        receiver.Respond(async (_, context) =>
        {
            if (context.Request.Path.StartsWithSegments("/refuses", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 422;
                await context.Response.WriteAsync($"unprocessable: {SampleInboundMessages.Text} from {SampleInboundMessages.SourceNumber}");
                return 422;
            }

            return Interlocked.Increment(ref notifyRequests) == 1 ? 503 : 200;
        });
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka);
        using var reader = new TopicReader(kafka, callback, topics.Retry, topics.DeadLetter);
        var settings = NotifyEndpoint(receiver);
        settings["Logging:LogLevel:Default"] = "Debug";
        await using var host = await PipelineHost.StartAsync(kafka, topics, settings, builder => builder.Logging.AddFakeLogging());
        using var producer = kafka.CreateProducer();
        var refused = SampleInboundMessages.Webhook(receiver.BaseUrl + "/refuses");

        SampleEvents.Produce(producer, topics.Inbound, SampleInboundMessages.Webhook(receiver.BaseUrl + "/notify/inbound").Json);
        SampleEvents.Produce(producer, topics.Inbound, SampleInboundMessages.Kafka(callback).Json);
        SampleEvents.Produce(producer, topics.Inbound, refused.Json);
        SampleEvents.Produce(producer, topics.Inbound, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(refused.Json).Replace("\"id\":", "\"id\":1,\"x\":", StringComparison.Ordinal)));
        producer.Flush();
        await reader.WaitForAsync(callback, 1, Deadline);
        await reader.WaitForAsync(topics.DeadLetter, 2, Deadline);
        await Poll.UntilAsync(() => receiver.Received.Count(r => r.Answered == 200) == 1, Deadline, () => $"{receiver.Received.Count} requests");
        await Poll.UntilAsync(() => host.Pipeline.InFlightStatuses == 0, Deadline, () => $"{host.Pipeline.InFlightStatuses} in flight");

        var refusal = Assert.Single(reader.On(topics.DeadLetter), d => SampleEvents.Header(d, DeadLetterHeaders.Stage) == DeadLetterHeaders.StageDelivery);
        Assert.Equal("refused-by-receiver", SampleEvents.Header(refusal, DeadLetterHeaders.Reason));
        Assert.Equal(refused.ExpectedBody, Encoding.UTF8.GetString(refusal.Message.Value));
        Assert.Equal(InboundMessageHeaders.InboundMessageKind, SampleEvents.Header(refusal, InboundMessageHeaders.Kind));
        var logs = host.Services.GetFakeLogCollector().GetSnapshot();
        Assert.Contains(logs, l => l.Id.Id == 2301);
        Assert.Contains(logs, l => l.Id.Id == 2302);
        AssertNoPersonalData(string.Join("\n", logs.Select(l => $"{l.Message} {l.Exception} {string.Join(",", l.StructuredState ?? [])}")), "logs");
        foreach (var record in reader.Records)
        {
            AssertNoPersonalData(HeaderText(record.Message.Headers), $"headers on {record.Topic}");
        }
    }

    [Fact]
    public async Task Replay_InboundMessageDeadLetter_RebuiltAsAMessageNotAStatusAndDeliveredWithTheSameBody()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var fixedNow = false;
        receiver.Respond((_, _) => Task.FromResult(Volatile.Read(ref fixedNow) ? 200 : 403));
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.DeadLetter, topics.Retry);
        await using var host = await PipelineHost.StartAsync(kafka, topics, NotifyEndpoint(receiver));
        using var producer = kafka.CreateProducer();
        var message = SampleInboundMessages.Webhook(receiver.BaseUrl + "/notify/inbound");
        SampleEvents.Produce(producer, topics.Inbound, message.Json);
        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 1, Deadline);
        Assert.Equal("refused-by-receiver", SampleEvents.Header(reader.On(topics.DeadLetter)[0], DeadLetterHeaders.Reason));

        Volatile.Write(ref fixedNow, true);
        using (var replay = AppProcess.Start(["dlq", "replay", .. Cli.DlqCommandTests.ReplaySettings(kafka, topics)]))
        {
            Assert.Equal(0, await replay.WaitForExitAsync(Deadline));
            Assert.Contains("replayed 1, failed 0", replay.StandardOutput);
        }

        await Poll.UntilAsync(() => receiver.Received.Any(r => r.Answered == 200), Deadline, () => $"{receiver.Received.Count} requests");
        var delivered = receiver.Received.Single(r => r.Answered == 200);
        Assert.Equal(message.ExpectedBody, delivered.BodyText);
        Assert.Equal(message.Id.ToString("D"), delivered.Header(InboundMessageHeaders.MessageId));
        // The reader may see the retry topic after the receiver saw the request: wait for it, do not assume it.
        await reader.WaitForAsync(topics.Retry, 1, Deadline);
        await reader.SettledAsync(kafka, Deadline, topics.InboundRead, topics.RetryRead);
        var replayed = Assert.Single(reader.On(topics.Retry));
        Assert.Equal(InboundMessageHeaders.InboundMessageKind, SampleEvents.Header(replayed, InboundMessageHeaders.Kind));
        Assert.DoesNotContain(reader.On(topics.DeadLetter), d => SampleEvents.Header(d, DeadLetterHeaders.Reason) == "bad-retry-record");
    }

    internal static Dictionary<string, string?> NotifyEndpoint(WebhookReceiver receiver) => new()
    {
        ["Webhooks:AllowLoopback"] = "true",
        ["Webhooks:TimeoutSeconds"] = "2",
        ["Webhooks:Endpoints:notify:Url"] = receiver.BaseUrl + "/",
        ["Webhooks:Endpoints:notify:Profile"] = "govuk-notify",
        ["Webhooks:Endpoints:notify:BearerToken"] = BearerToken,
        ["Retry:BackoffFactor"] = "0.1",
        ["Retry:BackoffMax"] = "0.5",
    };

    internal static string HeaderText(Confluent.Kafka.Headers headers) =>
        string.Join("\n", headers.Select(h => h.Key + "=" + Encoding.UTF8.GetString(h.GetValueBytes())));

    private static void AssertNoPersonalData(string text, string where) => SampleInboundMessages.AssertNoPersonalData(text, where);
}
