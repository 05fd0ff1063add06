using System.Diagnostics;
using System.Globalization;
using StatusStream.Embedded;

namespace StatusStream.Benchmarks.Compare;

/// <summary>
/// Webhook delivery to a local Kestrel receiver: the processor (events in on Kafka, one POST per recipient, its
/// endpoint concurrency set to the same number) against <see cref="PlainHttpLoop"/> at that concurrency, alternately.
/// Deliveries are counted, and latency measured, at the receiver.
/// </summary>
internal static class WebhookComparison
{
    // Four times the Kafka rounds' partitions, so a whole round's input fits the embedded broker's retention.
    private const int InputPartitions = 16;

    public static async Task<IReadOnlyList<(RoundResult Processor, RoundResult Baseline)>> RunAsync(EmbeddedKafkaCluster cluster, CompareOptions options)
    {
        await using var receiver = await BenchReceiver.StartAsync();
        Console.WriteLine();
        Console.WriteLine($"webhooks: {options.WebhookDeliveries} deliveries/round to {receiver.BaseUrl}, concurrency {options.WebhookConcurrency}");
        var results = new List<(RoundResult, RoundResult)>();
        if (options.Warmup > 0)
        {
            await ProcessorRoundAsync(cluster, receiver, options, "w", Math.Min(options.Warmup, options.WebhookDeliveries) / options.Recipients);
            await BaselineRoundAsync(receiver, options, Math.Min(options.Warmup, options.WebhookDeliveries));
        }

        for (var round = 1; round <= options.Rounds; round++)
        {
            var name = round.ToString(CultureInfo.InvariantCulture);
            var events = options.WebhookDeliveries / options.Recipients;
            RoundResult processor, baseline;
            if (round % 2 == 1)
            {
                processor = await ProcessorRoundAsync(cluster, receiver, options, name, events);
                baseline = await BaselineRoundAsync(receiver, options, events * options.Recipients);
            }
            else
            {
                baseline = await BaselineRoundAsync(receiver, options, events * options.Recipients);
                processor = await ProcessorRoundAsync(cluster, receiver, options, name, events);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: ratio {processor.StatusesPerSecond / baseline.StatusesPerSecond:0.000}"));
            results.Add((processor, baseline));
        }

        return results;
    }

    private static async Task<RoundResult> ProcessorRoundAsync(EmbeddedKafkaCluster cluster, BenchReceiver receiver, CompareOptions options, string round, int events)
    {
        var input = $"bench.w{round}-processor.events";
        cluster.CreateTopic(input, InputPartitions, Math.Min(3, options.Brokers));
        var log = new ArrivalLog(events, options.Recipients);
        receiver.Log = log;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
        var target = new EventFeed.CallbackShape("webhook", receiver.BaseUrl + "/hook");
        // The HttpClient loop has no input to read, so the load generator's producing (its client and the broker's
        // side of it) is kept out of the processor's round too: the round's input is on the topic before the processor
        // starts, when it fits the broker's retention (up to 4 x --max-ahead events over 16 partitions, ~2 MB each);
        // otherwise it is fed alongside.
        var preloaded = events <= 4 * options.MaxAhead;
        if (preloaded)
        {
            EventFeed.Run(cluster.BootstrapServers, input, target, options.Recipients, events, events, log, stop.Token);
        }

        await using var processor = await ProcessorUnderTest.StartAsync(cluster.BootstrapServers, input, $"bench-w{round}-processor",
            new Dictionary<string, string?>(options.Settings)
            {
                ["Webhooks:AllowLoopback"] = "true",
                ["Webhooks:Concurrency"] = options.WebhookConcurrency.ToString(CultureInfo.InvariantCulture),
            });
        // Preloaded, the processor starts work the moment it is assigned: the clock starts within a millisecond of it.
        var waited = Stopwatch.StartNew();
        while (!processor.Assigned && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(1);
        }

        using var sampler = ResourceSampler.Start();
        var started = Stopwatch.GetTimestamp();
        if (preloaded)
        {
            log.AllSentAt(started);
        }
        else
        {
            await Task.Factory.StartNew(() => EventFeed.Run(cluster.BootstrapServers, input, target,
                options.Recipients, events, options.MaxAhead, log, stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        while (!log.Done && !stop.IsCancellationRequested)
        {
            await Task.Delay(5);
        }

        return Finish(preloaded ? "processor*" : "processor", log, started, options, sampler);
    }

    private static async Task<RoundResult> BaselineRoundAsync(BenchReceiver receiver, CompareOptions options, int deliveries)
    {
        var log = new ArrivalLog(deliveries, 1);
        receiver.Log = log;
        using var sampler = ResourceSampler.Start();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
        var started = Stopwatch.GetTimestamp();
        await PlainHttpLoop.RunAsync(receiver.BaseUrl + "/hook", deliveries, options.WebhookConcurrency, log, stop.Token);
        return Finish("httpclient", log, started, options with { Recipients = 1 }, sampler);
    }

    private static RoundResult Finish(string side, ArrivalLog log, long started, CompareOptions options, ResourceSampler sampler)
    {
        var end = log.Arrived > 0 ? log.LastArrival : Stopwatch.GetTimestamp();
        var result = new RoundResult(side, log.Expected, log.Arrived, Stopwatch.GetElapsedTime(started, end).TotalSeconds, options.Recipients,
            log.Latency(), sampler.PeakRssBytes, sampler.Cpu, sampler.Counts());
        Console.WriteLine("  " + result);
        return result;
    }
}
