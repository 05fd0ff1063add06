using System.CommandLine;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StatusStream.DeadLetters;
using StatusStream.Delivery;
using StatusStream.Demo;
using StatusStream.Embedded;
using StatusStream.Expansion;
using StatusStream.Hosting;
using StatusStream.Kafka;
using StatusStream.Outbound;
using StatusStream.Pipeline;
using StatusStream.Retry;

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
        using var cluster = EmbeddedClusterSetup.StartFor(builder.Configuration, brokers: 1);
        foreach (var topic in DemoEvents.ExpectedStatuses.Keys)
        {
            cluster.CreateTopic(topic, partitions: 1);
        }

        // As if parking.billing-callback's ACL were granted a moment late: its first produce is refused,
        // the status is parked on the retry topic and delivered on the next attempt.
        cluster.PushPartitionRequestErrors(DemoEvents.BillingCallbackTopic, 0, KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed);

        builder.AddStatusPipeline();
        using var host = builder.Build();
        var kafka = host.Services.GetRequiredService<IOptions<KafkaOptions>>().Value;
        Console.WriteLine($"Embedded Kafka cluster (librdkafka mock, 1 broker) at {cluster.BootstrapServers}");
        await host.StartAsync(cancellation);

        using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            Console.WriteLine($"\nPublishing to {kafka.InputTopicList[0]}:");
            foreach (var (description, value) in DemoEvents.All)
            {
                var report = await producer.ProduceAsync(kafka.InputTopicList[0], new Message<byte[], byte[]> { Value = value }, cancellation);
                Console.WriteLine($"  [{report.Partition.Value}@{report.Offset.Value}] {description}");
            }
        }

        var arrived = ReadOutputs(cluster.BootstrapServers, kafka.DeadLetterTopic, kafka.RetryTopic);
        await host.StopAsync(CancellationToken.None);

        var complete = DemoEvents.ExpectedStatuses.All(e => arrived.Statuses.Count(s => s.Topic == e.Key) >= e.Value)
            && arrived.DeadLetters >= DemoEvents.ExpectedDeadLetters;
        Console.WriteLine(complete
            ? "\nAll expected callbacks and dead letters arrived."
            : $"\nIncomplete after {Deadline.TotalSeconds:0} s: see the lists above.");
        return complete ? ExitCodes.Ok : ExitCodes.Fatal;
    }

    private static (List<(string Topic, NotificationStatus Status)> Statuses, int DeadLetters) ReadOutputs(string bootstrap, string deadLetterTopic, string retryTopic)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "statusstream-demo-reader",
            EnableAutoCommit = false,
        }).Build();
        var topics = DemoEvents.ExpectedStatuses.Keys.Append(deadLetterTopic).Append(retryTopic).ToList();
        consumer.Assign(topics.SelectMany(t => Partitions(t, deadLetterTopic, retryTopic)).Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));

        var statuses = new List<(string, NotificationStatus)>();
        var deadLetters = 0;
        var expected = DemoEvents.ExpectedStatuses.Values.Sum() + DemoEvents.ExpectedDeadLetters;
        var started = TimeProvider.System.GetTimestamp();
        Console.WriteLine("\nArriving:");
        while (statuses.Count + deadLetters < expected && TimeProvider.System.GetElapsedTime(started) < Deadline)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record?.Message is null)
            {
                continue;
            }

            if (record.Topic == retryTopic)
            {
                Console.WriteLine($"  {record.Topic,-26} status {Header(record, StatusHeaders.StatusId)} parked for attempt "
                    + $"{Header(record, RetryHeaders.Attempt)}, due {Header(record, RetryHeaders.DueAt)}: {Header(record, FailureHeaders.ErrorMessage)}");
                continue;
            }

            if (record.Topic == deadLetterTopic)
            {
                deadLetters++;
                Console.WriteLine($"  {record.Topic,-26} reason={Header(record, DeadLetterHeaders.Reason)} from {Header(record, DeadLetterHeaders.OriginalTopic)}"
                    + $"[{Header(record, DeadLetterHeaders.OriginalPartition)}]@{Header(record, DeadLetterHeaders.OriginalOffset)}: {Header(record, DeadLetterHeaders.Detail)}");
                continue;
            }

            var status = NotificationStatusJson.Deserialize(record.Message.Value);
            statuses.Add((record.Topic, status));
            Console.WriteLine($"  {record.Topic,-26} event {status.EventId} recipient {status.Recipient} "
                + (status.Success ? "delivered" : $"FAILED ({status.Error})") + $" via {status.Provider}");
        }

        return (statuses, deadLetters);
    }

    private static IEnumerable<TopicPartition> Partitions(string topic, string deadLetterTopic, string retryTopic)
    {
        var count = topic == deadLetterTopic || topic == retryTopic ? EmbeddedClusterSetup.TopicPartitions : 1;
        return Enumerable.Range(0, count).Select(p => new TopicPartition(topic, p));
    }

    private static string Header(ConsumeResult<byte[], byte[]> record, string name) =>
        record.Message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : "";
}
