using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using StandardWebhooks;
using StatusStream.Delivery.Webhooks.Signing;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Delivery.Webhooks;

/// <summary>Named endpoints end to end: each profile's request on the wire, credentials, signatures, and where secrets must never go.</summary>
public sealed class WebhookProfileDeliveryTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private const string BearerToken = "notify-bearer-token-7f3a9c";
    private const string SigningSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string AccessKey = "osp-access-key-51d0e2";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Deliver_SignedGovUkEndpoint500Then200_BearerAndVerifiableSignatureAndNoSecretInHeadersOrLogs()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond(500, 200);
        var topics = PipelineTopics.Create(kafka);
        using var reader = new TopicReader(kafka, topics.Retry, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics, Settings(
            ("Webhooks:Endpoints:notify:Url", receiver.BaseUrl + "/notify"),
            ("Webhooks:Endpoints:notify:Profile", "govuk-notify"),
            ("Webhooks:Endpoints:notify:BearerToken", BearerToken),
            ("Webhooks:Endpoints:notify:SigningSecrets", SigningSecret),
            ("Logging:LogLevel:Default", "Debug")),
            builder => builder.Logging.AddFakeLogging());
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook(receiver.BaseUrl + "/notify/receipts"));
        producer.Flush();
        await Poll.UntilAsync(() => receiver.Received.Any(r => r.Answered == 200), Deadline, () => $"{receiver.Received.Count} requests");

        var requests = receiver.Received.OrderBy(r => r.Number).ToList();
        Assert.All(requests, r => Assert.Equal("Bearer " + BearerToken, r.Header("Authorization")));
        // The same webhook-id on both attempts: the receiver deduplicates on it.
        Assert.Equal(requests[0].Header(StandardWebhookHeaders.IdName), requests[1].Header(StandardWebhookHeaders.IdName));
        var delivered = requests[1];
        new StandardWebhook(SigningSecret).Verify(delivered.BodyText, new HeaderDictionary
        {
            [StandardWebhookHeaders.IdName] = delivered.Header(StandardWebhookHeaders.IdName),
            [StandardWebhookHeaders.TimestampName] = delivered.Header(StandardWebhookHeaders.TimestampName),
            [StandardWebhookHeaders.SignatureName] = delivered.Header(StandardWebhookHeaders.SignatureName),
        });
        using var receipt = JsonDocument.Parse(delivered.Body);
        Assert.Equal(
            ["completed_at", "created_at", "id", "notification_type", "reference", "sent_at", "status", "to"],
            receipt.RootElement.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("delivered", receipt.RootElement.GetProperty("status").GetString());

        // Secrets reach the receiver and nothing else: not the retry record, not the logs.
        await reader.WaitForAsync(topics.Retry, 1, Deadline);
        var parked = Assert.Single(reader.On(topics.Retry));
        var headerText = string.Join("\n", parked.Message.Headers.Select(h => h.Key + "=" + Encoding.UTF8.GetString(h.GetValueBytes())));
        Assert.DoesNotContain(BearerToken, headerText, StringComparison.Ordinal);
        Assert.DoesNotContain(SigningSecret["whsec_".Length..], headerText, StringComparison.Ordinal);
        var logs = string.Join("\n", host.Services.GetFakeLogCollector().GetSnapshot().Select(r => r.Message + " " + r.Exception));
        Assert.NotEmpty(logs);
        Assert.DoesNotContain(BearerToken, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(SigningSecret["whsec_".Length..], logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_OspEndpoint_AccessKeyExactContentTypeAndNextEventOnlyAfterThePreviousGot200()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond(503, 200, 200);
        var topics = PipelineTopics.Create(kafka, inputPartitions: 1);
        await using var host = await PipelineHost.StartAsync(kafka, topics, Settings(
            ("Webhooks:Endpoints:osp:Url", receiver.BaseUrl + "/osp"),
            ("Webhooks:Endpoints:osp:Profile", "osp"),
            ("Webhooks:Endpoints:osp:TenantId", "tenant-42"),
            ("Webhooks:Endpoints:osp:AccessKey", AccessKey)));
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook(receiver.BaseUrl + "/osp/events"));
        SampleEvents.Produce(producer, topics.Input, SampleEvents.Webhook(receiver.BaseUrl + "/osp/events"));
        producer.Flush();
        await Poll.UntilAsync(() => receiver.Received.Count(r => r.Answered == 200) == 2, Deadline, () => $"{receiver.Received.Count} requests");

        var requests = receiver.Received.OrderBy(r => r.Number).ToList();
        Assert.Equal(3, requests.Count);
        // The first event failed with 503 and was retried in place; the second waited behind it.
        Assert.Equal(requests[0].BodyText, requests[1].BodyText);
        Assert.NotEqual(requests[1].BodyText, requests[2].BodyText);
        Assert.All(requests, r =>
        {
            Assert.Equal(AccessKey, r.Header("access-key"));
            Assert.Equal("application/json;charset=UTF-8", r.Header("Content-Type"));
        });
        using var body = JsonDocument.Parse(requests[2].Body);
        Assert.Equal(["notificationType", "payLoad", "referenceId", "tenantId", "timestamp", "transactionId"],
            body.RootElement.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("tenant-42", body.RootElement.GetProperty("tenantId").GetString());
        Assert.Equal("TRANSACTION_EVENT", body.RootElement.GetProperty("notificationType").GetString());
    }

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
}
