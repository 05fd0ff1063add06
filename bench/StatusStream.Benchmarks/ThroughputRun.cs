using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using StatusStream.Embedded;
using StatusStream.Hosting;

namespace StatusStream.Benchmarks;

/// <summary>
/// End-to-end throughput of the real pipeline on the embedded cluster: a feeder produces events
/// (never more than --max-ahead events ahead of what has arrived, because the mock broker silently
/// drops old data past 5 MB a partition), the processor fans them out, a reader counts the statuses
/// on the callback topic. Stops on the count or on --seconds, whichever comes first, and prints figures.
/// </summary>
internal static class ThroughputRun
{
    private const int CallbackPartitions = 32;

    public static async Task<int> RunAsync(string[] args)
    {
        var events = Arg(args, "--events", 200_000);
        var recipients = Arg(args, "--recipients", 3);
        var brokers = Arg(args, "--brokers", 1);
        var maxAhead = Arg(args, "--max-ahead", 20_000);
        var seconds = Arg(args, "--seconds", 120);
        var subscriptions = Arg(args, "--subscriptions", 0);
        const string Input = "bench.events";
        const string Callback = "bench.throughput-callback";

        using var cluster = EmbeddedKafkaCluster.Start(brokers);
        cluster.CreateTopic(Input, 4, Math.Min(3, brokers));
        // Many partitions: the mock keeps about 5 MB a partition, and every status must still be there when the reader gets to it.
        cluster.CreateTopic(Callback, CallbackPartitions, Math.Min(3, brokers));
        cluster.CreateTopic("statusstream.dlq", 1, Math.Min(3, brokers));
        cluster.CreateTopic("statusstream.retry", 4, Math.Min(3, brokers));

        var settings = new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = cluster.BootstrapServers,
            ["Kafka:InputTopics"] = Input,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (subscriptions > 0)
        {
            BenchSubscriptions.Preload(cluster, settings, subscriptions);
        }

        var builder = StatusStreamHost.CreateBuilder(settings);
        builder.AddStatusPipeline();
        using var host = builder.Build();
        await host.StartAsync();

        var payloads = Enumerable.Range(0, 256).Select(_ => EventJson(Callback, recipients)).ToArray();
        long arrived = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var reader = Task.Factory.StartNew(() => Read(cluster.BootstrapServers, Callback, (long)events * recipients, ref arrived, stop.Token),
            TaskCreationOptions.LongRunning);

        var clock = Stopwatch.StartNew();
        using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers, LingerMs = 5, EnableIdempotence = true,
        }).Build())
        {
            for (var sent = 0; sent < events && !stop.IsCancellationRequested; sent++)
            {
                while (sent - (Interlocked.Read(ref arrived) / recipients) > maxAhead && !stop.IsCancellationRequested)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(1));
                }

                producer.Produce(Input, new Message<byte[], byte[]> { Value = payloads[sent % payloads.Length] });
            }

            producer.Flush(stop.Token);
        }

        await reader;
        clock.Stop();
        await host.StopAsync();

        var statuses = Interlocked.Read(ref arrived);
        var elapsed = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"brokers={brokers} subscriptions={subscriptions} events={events} recipients={recipients} arrived={statuses}/{(long)events * recipients} " +
            $"seconds={elapsed:0.00} events/s={statuses / recipients / elapsed:0} statuses/s={statuses / elapsed:0}"));
        return statuses == (long)events * recipients ? 0 : 1;
    }

    private static void Read(string bootstrap, string topic, long expected, ref long arrived, CancellationToken stop)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = bootstrap, GroupId = "bench-reader", EnableAutoCommit = false,
        }).Build();
        consumer.Assign(Enumerable.Range(0, CallbackPartitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        while (Interlocked.Read(ref arrived) < expected && !stop.IsCancellationRequested)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is not null)
            {
                Interlocked.Increment(ref arrived);
            }
        }
    }

    private static byte[] EventJson(string callback, int recipients) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new
    {
        event_id = Guid.NewGuid(),
        provider = "email",
        recipients = Enumerable.Range(0, recipients).Select(_ => new { recipient = Guid.NewGuid(), success = true, error = "" }),
        callback = new { type = "kafka", target = callback },
    });

    private static int Arg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
