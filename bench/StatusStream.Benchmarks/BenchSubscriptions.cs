using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Embedded;
using StatusStream.Subscriptions;

namespace StatusStream.Benchmarks;

/// <summary>
/// `throughput --subscriptions N`: N live subscriptions in the benchmark events' own namespace ("bench"),
/// none of which matches them (a third by event ids, a third by service, a third by provider): the
/// price of knowing many subscriptions, which must not grow with their number. Written straight to the
/// subscriptions topic before the host starts, as the API would write them (tagged).
/// </summary>
internal static class BenchSubscriptions
{
    public static void Preload(EmbeddedKafkaCluster cluster, Dictionary<string, string?> settings, int count)
    {
        const string Topic = "statusstream.subscriptions";
        cluster.CreateTopic(Topic, 3, 1);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        settings["Subscriptions:Enabled"] = "true";
        settings["Subscriptions:EncryptionKey"] = key;
        settings["Subscriptions:StartTimeoutSeconds"] = "300";
        SecretSealer.TryCreate(new SubscriptionOptions { EncryptionKey = key }, out var sealer, out _);
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, LingerMs = 5 }).Build();
        for (var i = 0; i < count; i++)
        {
            var filter = (i % 3) switch
            {
                0 => new SubscriptionFilter(null, null, OutcomeFilter.Any, [Guid.NewGuid()]),
                1 => new SubscriptionFilter(null, "svc" + i, OutcomeFilter.Any, []),
                _ => new SubscriptionFilter("sms", null, OutcomeFilter.Any, []),
            };
            var subscription = new Subscription(Guid.NewGuid(), "bench", SubscriptionMode.Continuous, SubscriptionState.Active,
                DateTimeOffset.UnixEpoch, filter, callbackUrl: null, "bench.subscribed-callback", WebhookProfile.Hal, signingSecret: null);
            var recordKey = Encoding.UTF8.GetBytes(subscription.Id.ToString("D"));
            var value = SubscriptionRecord.Write(subscription, sealer!);
            var headers = new Headers();
            SubscriptionRecordTag.Add(headers, sealer!, recordKey, subscription.Namespace, value);
            producer.Produce(Topic, new Message<byte[], byte[]> { Key = recordKey, Value = value, Headers = headers });
        }

        producer.Flush();
    }
}
