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
    private const string ProcessorInput = "bench.w-processor.events";

    public static async Task<IReadOnlyList<(RoundResult Processor, RoundResult Baseline)>> RunAsync(EmbeddedKafkaCluster cluster, CompareOptions options)
    {
        await using var receiver = await BenchReceiver.StartAsync();
        Console.WriteLine();
        Console.WriteLine($"webhooks: {options.WebhookDeliveries} deliveries/round to {receiver.BaseUrl}, concurrency {options.WebhookConcurrency}");
        // One processor host for the whole run, as in production (see KafkaComparison).
        cluster.CreateTopic(ProcessorInput, InputPartitions, Math.Min(3, options.Brokers));
        await using var processor = await ProcessorUnderTest.StartAsync(cluster.BootstrapServers, ProcessorInput, "bench-w-processor",
            new Dictionary<string, string?>(options.Settings)
            {
                ["Webhooks:AllowLoopback"] = "true",
                ["Webhooks:Concurrency"] = options.WebhookConcurrency.ToString(CultureInfo.InvariantCulture),
            });
        var waited = Stopwatch.StartNew();
        while (!processor.Assigned && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }

        var results = new List<(RoundResult, RoundResult)>();
        if (options.Warmup > 0)
        {
            await ProcessorRoundAsync(cluster, receiver, processor, options, Math.Min(options.Warmup, options.WebhookDeliveries) / options.Recipients);
            await BaselineRoundAsync(receiver, options, Math.Min(options.Warmup, options.WebhookDeliveries));
        }

        for (var round = 1; round <= options.Rounds; round++)
        {
            var events = options.WebhookDeliveries / options.Recipients;
            RoundResult processorResult, baseline;
            if (round % 2 == 1)
            {
                processorResult = await ProcessorRoundAsync(cluster, receiver, processor, options, events);
                baseline = await BaselineRoundAsync(receiver, options, events * options.Recipients);
            }
            else
            {
                baseline = await BaselineRoundAsync(receiver, options, events * options.Recipients);
                processorResult = await ProcessorRoundAsync(cluster, receiver, processor, options, events);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: ratio {processorResult.StatusesPerSecond / baseline.StatusesPerSecond:0.000}"));
            results.Add((processorResult, baseline));
        }

        return results;
    }

    private static async Task<RoundResult> ProcessorRoundAsync(EmbeddedKafkaCluster cluster, BenchReceiver receiver, ProcessorUnderTest processor,
        CompareOptions options, int events)
    {
        var log = new ArrivalLog(events, options.Recipients);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Log = log;
        receiver.Gate = gate.Task;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
        // The HttpClient loop has no input to produce, so the load generator's producing is kept out of the processor's
        // round too: the round's input goes onto the topic while the receiver holds its first requests (the processor
        // takes up to its in-flight bound meanwhile, then waits), and the clock starts when the receiver opens.
        EventFeed.Run(cluster.BootstrapServers, ProcessorInput, new EventFeed.CallbackShape("webhook", receiver.BaseUrl + "/hook"),
            options.Recipients, events, events, log, stop.Token);
        using var sampler = ResourceSampler.Start();
        var started = Stopwatch.GetTimestamp();
        log.AllSentAt(started);
        gate.SetResult();
        while (!log.Done && !stop.IsCancellationRequested)
        {
            await Task.Delay(5);
        }

        receiver.Gate = null;
        return Finish("processor*", log, started, options, sampler);
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
