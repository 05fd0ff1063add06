using System.Diagnostics;
using System.Globalization;
using StatusStream.Embedded;

namespace StatusStream.Benchmarks.Compare;

/// <summary>
/// The processor and the same-shape <see cref="BaselineLoop"/> in alternate rounds on one embedded cluster, the side
/// that goes first alternating, so drift in the machine's load falls on both. Both sides are set up alike: one
/// consumer group for the whole run (the processor one host, as it runs in production; a host per round paid its
/// start-up and the tiered compilation of its fresh code inside every round), subscribed from the start to a fresh
/// input topic (4 partitions) per round, and a fresh callback topic (32 partitions) per round.
/// </summary>
/// <remarks>
/// Fresh input topics because the embedded broker finds a fetch's offset by walking the partition's batches from the
/// oldest (librdkafka's mock has no offset index): one input topic growing over the whole run cost the processor about
/// 2 µs of broker CPU per status more than the baseline's fresh topic, a cost no real broker has. A round's input
/// topics stay until the run ends (deleting a subscribed topic would rebalance the group mid-run), on both sides alike.
/// </remarks>
internal static class KafkaComparison
{
    public const int InputPartitions = 4;
    public const int CallbackPartitions = 32;
    private static readonly TimeSpan AssignmentDeadline = TimeSpan.FromSeconds(30);

    public static async Task<IReadOnlyList<(RoundResult Processor, RoundResult Baseline)>> RunAsync(EmbeddedKafkaCluster cluster, CompareOptions options)
    {
        var replication = Math.Min(3, options.Brokers);
        cluster.CreateTopic("statusstream.dlq", 1, replication);
        cluster.CreateTopic("statusstream.retry", 4, replication);
        var rounds = (options.Warmup > 0 ? ["w"] : Array.Empty<string>())
            .Concat(Enumerable.Range(1, options.Rounds).Select(r => r.ToString(CultureInfo.InvariantCulture)));
        var processorInputs = options.Runs(true) ? rounds.Select(r => InputOf(r, processor: true)).ToList() : [];
        var baselineInputs = options.Runs(false) ? rounds.Select(r => InputOf(r, processor: false)).ToList() : [];
        foreach (var input in processorInputs.Concat(baselineInputs))
        {
            cluster.CreateTopic(input, InputPartitions, replication);
        }

        await using var processorHost = options.Runs(true)
            ? await ProcessorUnderTest.StartAsync(cluster.BootstrapServers, string.Join(',', processorInputs), "bench-processor", options.Settings)
            : null;
        using var baselineLoop = options.Runs(false)
            ? new BaselineLoop(cluster.BootstrapServers, baselineInputs, CallbackOf("w", processor: false), "bench-baseline", options.Recipients,
                options.ClientProperties)
            : null;
        if (options.Warmup > 0)
        {
            Console.WriteLine($"warm-up: {options.Warmup} events each side (not counted)");
            foreach (var processor in new[] { true, false }.Where(options.Runs))
            {
                await RoundAsync(cluster, options, "w", processor, options.Warmup, processorHost, baselineLoop);
            }
        }

        var results = new List<(RoundResult, RoundResult)>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            if (options.Sides != "both")
            {
                var only = await RoundAsync(cluster, options, round.ToString(CultureInfo.InvariantCulture), processor: options.Sides == "processor", options.Events,
                    processorHost, baselineLoop);
                results.Add((only, only));
                continue;
            }

            RoundResult processor, baseline;
            if (round % 2 == 1)
            {
                processor = await RoundAsync(cluster, options, round.ToString(CultureInfo.InvariantCulture), processor: true, options.Events, processorHost, baselineLoop);
                baseline = await RoundAsync(cluster, options, round.ToString(CultureInfo.InvariantCulture), processor: false, options.Events, processorHost, baselineLoop);
            }
            else
            {
                baseline = await RoundAsync(cluster, options, round.ToString(CultureInfo.InvariantCulture), processor: false, options.Events, processorHost, baselineLoop);
                processor = await RoundAsync(cluster, options, round.ToString(CultureInfo.InvariantCulture), processor: true, options.Events, processorHost, baselineLoop);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: ratio {processor.StatusesPerSecond / baseline.StatusesPerSecond:0.000}"));
            results.Add((processor, baseline));
        }

        return results;
    }

    /// <summary>A side's input topic of one round ("w" for the warm-up).</summary>
    private static string InputOf(string round, bool processor) => $"bench.r{round}-{(processor ? "processor" : "baseline")}.events";

    private static string CallbackOf(string round, bool processor) => $"bench.r{round}-{(processor ? "processor" : "baseline")}-callback";

    private static async Task<RoundResult> RoundAsync(EmbeddedKafkaCluster cluster, CompareOptions options, string round, bool processor, int events,
        ProcessorUnderTest? processorHost, BaselineLoop? baselineLoop)
    {
        var side = processor ? "processor" : "baseline";
        var input = InputOf(round, processor);
        var callback = CallbackOf(round, processor);
        cluster.CreateTopic(callback, CallbackPartitions, Math.Min(3, options.Brokers));
        if (!processor)
        {
            // Nothing of the round before is waiting: that round ended when all its statuses had arrived.
            baselineLoop!.Callback = callback;
        }

        var log = new ArrivalLog(events, options.Recipients);
        try
        {
            return await MeasureAsync(cluster, options, side, input, callback, events, log, processor ? processorHost : null, processor ? null : baselineLoop);
        }
        finally
        {
            // Input topics stay until the run ends, on both sides alike: both are subscribed to them.
            cluster.DeleteTopic(callback);
        }
    }

    private static async Task<RoundResult> MeasureAsync(EmbeddedKafkaCluster cluster, CompareOptions options, string side, string input, string callback,
        int events, ArrivalLog log, ProcessorUnderTest? processorSide, BaselineLoop? baselineSide)
    {
        var waited = Stopwatch.StartNew();
        while (!(processorSide?.Assigned ?? baselineSide!.Assigned))
        {
            if (waited.Elapsed > AssignmentDeadline)
            {
                throw new TimeoutException($"{side}: no partitions assigned within {AssignmentDeadline.TotalSeconds} s");
            }

            await Task.Delay(20);
        }

        var pausesBefore = processorSide?.Pauses ?? 0;
        using var sampler = ResourceSampler.Start();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
        var started = Stopwatch.GetTimestamp();
        var reader = Task.Factory.StartNew(() => CallbackReader.Run(cluster.BootstrapServers, callback, CallbackPartitions, log, stop.Token),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var feeder = Task.Factory.StartNew(() => EventFeed.Run(cluster.BootstrapServers, input, new EventFeed.CallbackShape("kafka", callback),
            options.Recipients, events, options.MaxAhead, log, stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await Task.WhenAll(reader, feeder);
        var end = log.Arrived > 0 ? log.LastArrival : Stopwatch.GetTimestamp();
        var result = new RoundResult(side, log.Expected, log.Arrived, Stopwatch.GetElapsedTime(started, end).TotalSeconds, options.Recipients,
            log.Latency(), sampler.PeakRssBytes, sampler.Cpu, sampler.Counts());
        Console.WriteLine("  " + result + (processorSide is null ? "" : $"  pauses {processorSide.Pauses - pausesBefore}"));
        return result;
    }
}
