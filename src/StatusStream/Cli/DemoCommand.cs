using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StatusStream.Demo;
using StatusStream.Embedded;
using StatusStream.Hosting;
using StatusStream.Http;
using StatusStream.Kafka;
using StatusStream.Pipeline;
using StatusStream.Telemetry;

namespace StatusStream.Cli;

/// <summary>
/// `statusstream demo`: the whole path in one process. Starts the embedded cluster and the processor,
/// publishes the sample events, and prints what arrives on each callback topic and the dead-letter topic.
/// </summary>
internal static class DemoCommand
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static Command Create()
    {
        var command = new Command("demo", "Run the processor on the embedded cluster with sample events and print the callbacks");
        command.SetAction(async (_, cancellation) => await RunAsync(cancellation));
        return command;
    }

    private static async Task<int> RunAsync(CancellationToken cancellation)
    {
        var builder = StatusStreamHost.CreateBuilder(new Dictionary<string, string?>
        {
            ["Kafka:GroupId"] = "statusstream-demo",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:StatusStream"] = "Error",
            // Short waits, so the retry shown below happens within the demo.
            ["Retry:BackoffFactor"] = "1",
        });
        try
        {
            return await RunAsync(builder, cancellation);
        }
        catch (Exception e) when (ConfigurationError.TryDescribe(e, builder.Configuration, out var messages))
        {
            // The demo takes no flags, but it reads the same files and environment variables as `run`.
            return HostRunner.ReportConfigurationErrors(messages);
        }
    }

    private static async Task<int> RunAsync(HostApplicationBuilder builder, CancellationToken cancellation)
    {
        await using var receiver = await DemoReceiver.StartAsync(cancellation);
        builder.Configuration.AddInMemoryCollection(DemoEvents.WebhookSettings(receiver.BaseUrl));
        using var cluster = EmbeddedClusterSetup.StartFor(builder.Configuration, brokers: 1);
        foreach (var topic in DemoEvents.ExpectedStatuses.Keys)
        {
            cluster.CreateTopic(topic, partitions: 1);
        }

        // As if parking.billing-callback's ACL were granted a moment late: its first produce is refused,
        // the status is parked on the retry topic and delivered on the next attempt.
        cluster.PushPartitionRequestErrors(DemoEvents.BillingCallbackTopic, 0, KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed);

        builder.AddStatusPipeline();
        using var host = StatusStreamHost.Build(builder);
        var kafka = host.Services.GetRequiredService<IOptions<KafkaOptions>>().Value;
        Console.WriteLine($"Embedded Kafka cluster (librdkafka mock, 1 broker) at {cluster.BootstrapServers}");
        await host.StartAsync(cancellation);
        await SubscribeAsync(host.Services.GetRequiredService<HttpListenerService>().Addresses[0], receiver.BaseUrl, cancellation);

        var clients = host.Services.GetRequiredService<KafkaClientFactory>();
        using (var producer = clients.Producer(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }, clients.For("producer")))
        {
            Console.WriteLine($"\nPublishing to {kafka.InputTopicList[0]}:");
            foreach (var (description, value) in DemoEvents.All.Concat(DemoEvents.Webhooks(receiver.BaseUrl)))
            {
                var report = await producer.ProduceAsync(kafka.InputTopicList[0], new Message<byte[], byte[]> { Value = value }, cancellation);
                Console.WriteLine($"  [{report.Partition.Value}@{report.Offset.Value}] {description}");
            }

            Console.WriteLine($"\nPublishing received text messages to {kafka.InboundTopic} (GOV.UK Notify):");
            foreach (var (description, value) in DemoEvents.InboundMessages(receiver.BaseUrl))
            {
                var report = await producer.ProduceAsync(kafka.InboundTopic, new Message<byte[], byte[]> { Value = value }, cancellation);
                Console.WriteLine($"  [{report.Partition.Value}@{report.Offset.Value}] {description}");
            }
        }

        var arrived = ReadOutputs(clients, cluster.BootstrapServers, kafka.DeadLetterTopic, kafka.RetryTopic, receiver);
        await host.StopAsync(CancellationToken.None);

        Console.WriteLine("\nArrived on Kafka, in the order it happened:");
        foreach (var line in arrived.Lines)
        {
            Console.WriteLine($"  {line}");
        }

        Console.WriteLine($"\nThe demo's webhook receiver at {receiver.BaseUrl} got:");
        foreach (var line in receiver.Lines)
        {
            Console.WriteLine($"  {line}");
        }

        var complete = arrived.IsComplete && receiver.IsComplete;
        Console.WriteLine(complete
            ? "\nAll expected callbacks (Kafka and webhook), the forwarded text messages, the retries and the dead letters arrived."
            : $"\nIncomplete after {Deadline.TotalSeconds:0} s: see the lists above.");
        var counters = host.Services.GetRequiredService<StatusStreamMetrics>().Totals();
        Console.WriteLine($"Counters: {counters.RecordsConsumed} records read, {counters.StatusesDelivered} statuses delivered, {counters.MessagesForwarded} text messages forwarded, "
            + $"{counters.Retries} retried, {counters.DeadLetters} dead letters ({StatusStreamMetrics.MeterName} meter; docs/observability.md)");
        return complete ? ExitCodes.Ok : ExitCodes.Fatal;
    }

    /// <summary>adidas API guidelines: city subscribes to its parking statuses through the API, before anything is published.</summary>
    private static async Task SubscribeAsync(string api, string receiverUrl, CancellationToken cancellation)
    {
        using var client = new HttpClient { BaseAddress = new Uri(api) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DemoEvents.SubscriptionApiKey);
        using var body = new StringContent(DemoEvents.SubscriptionRequest(receiverUrl), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/subscriptions", UriKind.Relative), body, cancellation);
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellation));
        Console.WriteLine($"\nSubscribing through the API (POST {api.TrimEnd('/')}/subscriptions, namespace city):");
        Console.WriteLine($"  {(int)response.StatusCode} {response.Content.Headers.ContentType}, UUID {created.RootElement.GetProperty("UUID").GetString()}, "
            + $"_links.self {created.RootElement.GetProperty("_links").GetProperty("self").GetProperty("href").GetString()} (its signing secret is shown once, not here)");
    }

    private static DemoArrivals ReadOutputs(KafkaClientFactory clients, string bootstrap, string deadLetterTopic, string retryTopic, DemoReceiver receiver)
    {
        using var consumer = clients.Consumer(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "statusstream-demo-reader",
            EnableAutoCommit = false,
        }, clients.For("consumer")).Build();
        var topics = DemoEvents.ExpectedStatuses.Keys.Append(deadLetterTopic).Append(retryTopic).ToList();
        consumer.Assign(topics.SelectMany(t => Partitions(t, deadLetterTopic, retryTopic)).Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));

        var arrivals = new DemoArrivals(deadLetterTopic, retryTopic);
        var started = TimeProvider.System.GetTimestamp();
        while (!(arrivals.IsComplete && receiver.IsComplete) && TimeProvider.System.GetElapsedTime(started) < Deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: not null } record)
            {
                arrivals.Add(record);
            }
        }

        return arrivals;
    }

    private static IEnumerable<TopicPartition> Partitions(string topic, string deadLetterTopic, string retryTopic)
    {
        var count = topic == deadLetterTopic || topic == retryTopic ? EmbeddedClusterSetup.TopicPartitions : 1;
        return Enumerable.Range(0, count).Select(p => new TopicPartition(topic, p));
    }
}
