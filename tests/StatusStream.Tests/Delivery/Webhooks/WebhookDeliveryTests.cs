using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using StatusStream.Delivery.Webhooks;
using StatusStream.Expansion;
using StatusStream.Records;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Delivery.Webhooks;

/// <summary>Webhook delivery end to end: the embedded cluster in, real HTTP receivers on 127.0.0.1 out.</summary>
public sealed class WebhookDeliveryTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Webhooks:AllowLoopback"] = "true",
            ["Webhooks:TimeoutSeconds"] = "2",
            ["Retry:BackoffFactor"] = "0.1",
            ["Retry:BackoffMax"] = "0.5",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task Deliver_ReceiverAnswers200_OnePostWithTheCityOsStatusJson()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var topics = PipelineTopics.Create(kafka);
        await using var host = await PipelineHost.StartAsync(kafka, topics, Settings());
        using var producer = kafka.CreateProducer();
        var json = SampleEvents.Webhook(receiver.BaseUrl + "/status");

        SampleEvents.Produce(producer, topics.Input, json);
        producer.Flush();
        await Poll.UntilAsync(() => receiver.Received.Count >= 1, Deadline, () => "no request arrived");

        var request = Assert.Single(receiver.Received);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/status", request.PathAndQuery);
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(["error", "event_id", "provider", "recipient", "success"], body.RootElement.EnumerateObject().Select(p => p.Name).Order());
        var status = NotificationStatusJson.Deserialize(request.Body);
        Assert.Equal(status.StatusId, request.Header(StatusHeaders.StatusId));
    }

    [Fact]
    public async Task Deliver_500Then200_DeliveredAfterARetryNothingDeadLettered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond(500, 200);
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.Retry, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics, Settings());
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook(receiver.BaseUrl + "/flaky"));
        producer.Flush();
        await Poll.UntilAsync(() => receiver.Received.Any(r => r.Answered == 200), Deadline, () => $"{receiver.Received.Count} requests");

        Assert.Equal([500, 200], receiver.Received.OrderBy(r => r.Number).Select(r => r.Answered));
        await reader.WaitForAsync(topics.Retry, 1, Deadline);
        var parked = Assert.Single(reader.On(topics.Retry));
        Assert.StartsWith("http:500", SampleEvents.Header(parked, FailureHeaders.ErrorMessage), StringComparison.Ordinal);
        await reader.SettledAsync(kafka, Deadline, topics.InputRead, topics.RetryRead);
        Assert.Empty(reader.On(topics.DeadLetter));
        // The body of both attempts is the same status: receivers can deduplicate on it.
        Assert.Equal(receiver.Received[0].BodyText, receiver.Received[1].BodyText);
    }

    [Fact]
    public async Task Deliver_FirstRequestTimesOutThen200_DeliveredAfterARetry()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond(async (n, context) =>
        {
            if (n == 1)
            {
                // Hold the first request until the client gives up on it (Webhooks:TimeoutSeconds).
                await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
            }

            return 200;
        });
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.Retry);
        await using var host = await PipelineHost.StartAsync(kafka, topics, Settings(("Webhooks:TimeoutSeconds", "1")));
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook(receiver.BaseUrl + "/slow-then-fine"));
        producer.Flush();
        await Poll.UntilAsync(() => receiver.Received.Any(r => r.Answered == 200), Deadline, () => $"{receiver.Received.Count} answered");
        await reader.WaitForAsync(topics.Retry, 1, Deadline);

        Assert.StartsWith("http:timeout", SampleEvents.Header(reader.On(topics.Retry)[0], FailureHeaders.ErrorMessage), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_ReceiverDropsTheConnectionMidResponse_RetriedAsAResponseErrorNotAConnectError()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond((n, context) =>
        {
            if (n == 1)
            {
                context.Abort(); // read the request, then close the connection without an answer
            }

            return Task.FromResult(200);
        });
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.Retry);
        await using var host = await PipelineHost.StartAsync(kafka, topics, Settings());
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook(receiver.BaseUrl + "/drops"));
        producer.Flush();
        await reader.WaitForAsync(topics.Retry, 1, Deadline);
        Assert.StartsWith("http:response: ", SampleEvents.Header(reader.On(topics.Retry)[0], FailureHeaders.ErrorMessage), StringComparison.Ordinal);
        await Poll.UntilAsync(() => receiver.Received.Count(r => r.Number > 1) >= 1, Deadline, () => "not retried");
    }

    [Fact]
    public async Task Deliver_ConnectionRefusedThenReceiverUp_DeliveredAfterRetries()
    {
        var down = await WebhookReceiver.StartAsync();
        var port = down.Port;
        await down.DisposeAsync();
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.Retry, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics, Settings(("Retry:MaxRetries", "20")));
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook($"http://127.0.0.1:{port}/back-soon"));
        producer.Flush();
        await reader.WaitForAsync(topics.Retry, 1, Deadline);
        Assert.StartsWith("http:connect", SampleEvents.Header(reader.On(topics.Retry)[0], FailureHeaders.ErrorMessage), StringComparison.Ordinal);
        await using var up = await WebhookReceiver.StartAsync(port);
        await Poll.UntilAsync(() => up.Received.Count == 1, Deadline, () => "not delivered after the receiver came up");

        await reader.SettledAsync(kafka, Deadline, topics.InputRead, topics.RetryRead);
        Assert.Empty(reader.On(topics.DeadLetter));
    }

    [Theory]
    [InlineData(403)]
    [InlineData(410)]
    public async Task Deliver_ReceiverRefuses_DeadLetteredAtOnceWithTheStatusCodeNoRetry(int code)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond(code);
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.Retry, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics, Settings());
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook(receiver.BaseUrl + "/refusing?token=secret-in-query"));
        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 1, Deadline);

        var deadLetter = Assert.Single(reader.On(topics.DeadLetter));
        Assert.Equal(code == 410 ? WebhookFailureClassifier.ReceiverGoneReason : WebhookFailureClassifier.RefusedByReceiverReason,
            SampleEvents.Header(deadLetter, DeadLetterHeaders.Reason));
        Assert.StartsWith($"http:{code}", SampleEvents.Header(deadLetter, DeadLetterHeaders.Detail), StringComparison.Ordinal);
        Assert.Equal(receiver.BaseUrl, SampleEvents.Header(deadLetter, DeadLetterHeaders.Target));
        Assert.Equal("true", SampleEvents.Header(deadLetter, DeadLetterHeaders.TargetRedacted));
        Assert.DoesNotContain(deadLetter.Message.Headers, h => System.Text.Encoding.UTF8.GetString(h.GetValueBytes()).Contains("secret-in-query", StringComparison.Ordinal));
        Assert.DoesNotContain(deadLetter.Message.Headers, h => System.Text.Encoding.UTF8.GetString(h.GetValueBytes()).Contains("/refusing", StringComparison.Ordinal));
        await reader.SettledAsync(kafka, Deadline, topics.InputRead);
        Assert.Empty(reader.On(topics.Retry));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Deliver_302_NotFollowedAndDeadLettered()
    {
        await using var target = await WebhookReceiver.StartAsync();
        await using var redirecting = await WebhookReceiver.StartAsync();
        redirecting.Respond((_, context) =>
        {
            context.Response.Headers.Location = target.BaseUrl + "/elsewhere";
            return Task.FromResult(302);
        });
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics, Settings());
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook(redirecting.BaseUrl + "/moved"));
        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 1, Deadline);

        Assert.Equal(WebhookFailureClassifier.RedirectReason, SampleEvents.Header(reader.On(topics.DeadLetter)[0], DeadLetterHeaders.Reason));
        await reader.SettledAsync(kafka, Deadline, topics.InputRead);
        Assert.Empty(target.Received);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://metadata.internal.test/hook")]
    public async Task Deliver_TargetOnADeniedAddress_RefusedWithoutConnectingAndDeadLettered(string url)
    {
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.DeadLetter);
        var resolver = new RecordingResolver(IPAddress.Parse("169.254.169.254"));
        await using var host = await PipelineHost.StartAsync(kafka, topics, Settings(), builder =>
            builder.Services.AddSingleton<IHostResolver>(resolver));
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook(url));
        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 1, Deadline);

        var deadLetter = reader.On(topics.DeadLetter)[0];
        Assert.Equal(WebhookFailureClassifier.TargetRefusedReason, SampleEvents.Header(deadLetter, DeadLetterHeaders.Reason));
        Assert.Contains("169.254.169.254", SampleEvents.Header(deadLetter, DeadLetterHeaders.Detail), StringComparison.Ordinal);
        Assert.Equal(url.Contains("metadata.internal.test", StringComparison.Ordinal) ? 1 : 0, resolver.Lookups);
    }

    [Fact]
    public async Task Deliver_OneReceiverHangs_AnotherReceiversStatusesArriveMeanwhile()
    {
        await using var hanging = await WebhookReceiver.StartAsync();
        var release = new TaskCompletionSource();
        hanging.Respond(async (_, context) =>
        {
            await release.Task.WaitAsync(context.RequestAborted);
            return 200;
        });
        await using var fast = await WebhookReceiver.StartAsync();
        var topics = PipelineTopics.Create(kafka, inputPartitions: 1);
        await using var host = await PipelineHost.StartAsync(kafka, topics, Settings(("Webhooks:TimeoutSeconds", "20"), ("Webhooks:Concurrency", "2")));
        using var producer = kafka.CreateProducer();

        // More hanging statuses than the hanging endpoint has workers, all ahead of the fast ones on one partition.
        for (var i = 0; i < 6; i++)
        {
            SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook(hanging.BaseUrl + "/slow"));
        }

        for (var i = 0; i < 5; i++)
        {
            SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook(fast.BaseUrl + "/fast"));
        }

        producer.Flush();
        // Bound: all five arrive while every hanging request is still held open (they would wait 20 s otherwise).
        await Poll.UntilAsync(() => fast.Received.Count == 5, TimeSpan.FromSeconds(10), () => $"{fast.Received.Count} of 5 fast statuses");
        Assert.Empty(hanging.Received);
        release.SetResult();
    }

    [Fact]
    public async Task Deliver_NamedUrlIsATextPrefixOfTheTargetsPort_NoCredentialsSentThere()
    {
        await using var stranger = await WebhookReceiver.StartAsync();
        // The named endpoint's port is the stranger's without its last digit: "http://127.0.0.1:4123" is a text prefix
        // of "http://127.0.0.1:41234/steal".
        var namedUrl = stranger.BaseUrl[..^1];
        var topics = PipelineTopics.Create(kafka);
        await using var host = await PipelineHost.StartAsync(kafka, topics, Settings(
            ("Webhooks:Endpoints:osp:Url", namedUrl),
            ("Webhooks:Endpoints:osp:AccessKey", "osp-access-key-1830"),
            ("Webhooks:Endpoints:osp:BearerToken", "osp-bearer-token-1830"),
            ("Webhooks:Endpoints:osp:SigningSecrets", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")));
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook(stranger.BaseUrl + "/steal"));
        producer.Flush();
        await Poll.UntilAsync(() => stranger.Received.Count >= 1, Deadline, () => "no request arrived");

        var request = Assert.Single(stranger.Received);
        Assert.Equal("", request.Header("access-key"));
        Assert.Equal("", request.Header("Authorization"));
        Assert.Equal("", request.Header("webhook-signature"));
        // The cityos body of an unnamed endpoint, not the named endpoint's profile.
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_OneNamespacesPathFails_AnotherNamespacesStatusesToTheSameHostStillDelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond((_, context) => Task.FromResult(context.Request.Path == "/failing" ? 500 : 200));
        var topics = PipelineTopics.Create(kafka, inputPartitions: 1);
        await using var host = await PipelineHost.StartAsync(kafka, topics, Settings(("Retry:MaxRetries", "2")));
        using var producer = kafka.CreateProducer();

        // Tenant a's failures come first on the one partition: enough to open any breaker they share.
        for (var i = 0; i < 60; i++)
        {
            SampleEvents.Produce(producer, topics.Input, SampleEvents.WebhookFrom("a", receiver.BaseUrl + "/failing"));
        }

        for (var i = 0; i < 10; i++)
        {
            SampleEvents.Produce(producer, topics.Input, SampleEvents.WebhookFrom("b", receiver.BaseUrl + "/fine"));
        }

        producer.Flush();
        await Poll.UntilAsync(() => receiver.Received.Count(r => r.PathAndQuery == "/fine" && r.Answered == 200) == 10, Deadline,
            () => $"{receiver.Received.Count(r => r.PathAndQuery == "/fine")} of tenant b's 10 statuses arrived");
    }

    [Fact]
    public async Task Deliver_BreakerOpens_StatusesWaitForItWithoutSpendingRetriesAndAreAllDelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // The first ten requests fail, which opens the breaker; the receiver is fine after that.
        receiver.Respond((n, _) => Task.FromResult(n <= 10 ? 500 : 200));
        var topics = PipelineTopics.Create(kafka);
        await using var host = await PipelineHost.StartAsync(kafka, topics, Settings(
            ("Retry:MaxRetries", "2"), ("Webhooks:BreakerBreakSeconds", "1"), ("Webhooks:BreakerMinimumThroughput", "10")));
        using var producer = kafka.CreateProducer();

        for (var i = 0; i < 20; i++)
        {
            SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook(receiver.BaseUrl + "/recovers"));
        }

        producer.Flush();
        // Each status meets at most one 500 but may meet the open breaker many times: had a rejection counted as an
        // attempt, those would be dead-lettered (retries-exhausted) and never arrive.
        await Poll.UntilAsync(() => receiver.Received.Where(r => r.Answered == 200).Select(r => r.Header(StatusHeaders.StatusId)).Distinct().Count() == 20,
            Deadline, () => $"{receiver.Received.Where(r => r.Answered == 200).Select(r => r.Header(StatusHeaders.StatusId)).Distinct().Count()} of 20 delivered");
    }

    [Fact]
    public async Task Deliver_ReceiverEchoesTheRequestInItsError_NoSecretInRetryRecordDeadLetterOrLogs()
    {
        const string AccessKey = "echo-access-key-4711";
        const string BearerToken = "echo-bearer-token-0815";
        const string SigningBase64 = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond(async (_, context) =>
        {
            var headers = context.Request.Headers;
            context.Response.StatusCode = 500;
            await context.Response.WriteAsync($"you sent access-key={headers["access-key"]} auth={headers.Authorization} sig={headers["webhook-signature"]}");
            return 500;
        });
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.Retry, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics, Settings(
                ("Retry:MaxRetries", "1"),
                ("Webhooks:Endpoints:echo:Url", receiver.BaseUrl),
                ("Webhooks:Endpoints:echo:AccessKey", AccessKey),
                ("Webhooks:Endpoints:echo:BearerToken", BearerToken),
                ("Webhooks:Endpoints:echo:SigningSecrets", "whsec_" + SigningBase64)),
            builder => builder.Logging.AddFakeLogging());
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook(receiver.BaseUrl + "/echo"));
        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 1, Deadline);

        var deadLetter = Assert.Single(reader.On(topics.DeadLetter));
        Assert.StartsWith("http:500", SampleEvents.Header(deadLetter, FailureHeaders.ErrorMessage), StringComparison.Ordinal);
        Assert.Contains("access-key=[redacted]", SampleEvents.Header(deadLetter, DeadLetterHeaders.Detail), StringComparison.Ordinal);
        var signatures = receiver.Received.Select(r => r.Header("webhook-signature")["v1,".Length..]).ToArray();
        Assert.Equal(2, signatures.Length);
        string[] secrets = [AccessKey, BearerToken, SigningBase64, .. signatures];
        var records = reader.On(topics.Retry).Concat(reader.On(topics.DeadLetter)).ToArray();
        Assert.Equal(2, records.Length);
        var logs = string.Join("\n", host.Services.GetFakeLogCollector().GetSnapshot().Select(r => r.Message + " " + r.Exception));
        foreach (var secret in secrets)
        {
            Assert.All(records, record => Assert.DoesNotContain(record.Message.Headers,
                h => System.Text.Encoding.UTF8.GetString(h.GetValueBytes()).Contains(secret, StringComparison.Ordinal)));
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }


    private sealed class RecordingResolver(IPAddress answer) : IHostResolver
    {
        private int _lookups;

        public int Lookups => Volatile.Read(ref _lookups);

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _lookups);
            return Task.FromResult(new[] { answer });
        }
    }
}
