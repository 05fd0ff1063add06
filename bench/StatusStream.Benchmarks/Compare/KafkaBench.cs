using System.Diagnostics;
using System.Globalization;
using StatusStream.Embedded;

namespace StatusStream.Benchmarks.Compare;

/// <summary>
/// The Kafka sides of one run on one embedded cluster, and the measured round of one side. Every side is set up alike:
/// one consumer group for the whole run (the processor one host, as it runs in production; a host per round paid its
/// start-up and the tiered compilation of its fresh code inside every round), subscribed from the start to a fresh
/// input topic (4 partitions) per round, and a fresh callback topic (32 partitions) per round.
/// </summary>
/// <remarks>
/// Fresh input topics because the embedded broker finds a fetch's offset by walking the partition's batches from the
/// oldest (librdkafka's mock has no offset index): one input topic growing over the whole run cost the processor about
/// 2 µs of broker CPU per status more than the baseline's fresh topic, a cost no real broker has. A round's input
/// topics stay until the run ends (deleting a subscribed topic would rebalance the group mid-run), on every side alike.
/// The rounds are named up front for that reason.
/// </remarks>
internal sealed class KafkaBench : IAsyncDisposable
{
    public const int InputPartitions = 4;
    public const int CallbackPartitions = 32;
    private static readonly TimeSpan AssignmentDeadline = TimeSpan.FromSeconds(30);

    private readonly EmbeddedKafkaCluster _cluster;
    private readonly CompareOptions _options;
    private ProcessorUnderTest? _processor;
    private BaselineLoop? _baseline;
    private StreamizFanOut? _streamiz;

    private KafkaBench(EmbeddedKafkaCluster cluster, CompareOptions options)
    {
        _cluster = cluster;
        _options = options;
    }

    /// <summary>The sides this run has, in the order a round runs them.</summary>
    public IReadOnlyList<KafkaSide> Sides { get; private init; } = [];

    /// <summary>Creates every round's input topics (<paramref name="rounds"/> are their names) and starts the sides.</summary>
    public static async Task<KafkaBench> StartAsync(EmbeddedKafkaCluster cluster, CompareOptions options, IReadOnlyList<string> rounds)
    {
        var replication = Math.Min(3, options.Brokers);
        cluster.CreateTopic("statusstream.dlq", 1, replication);
        cluster.CreateTopic("statusstream.retry", 4, replication);
        var sides = new List<KafkaSide>();
        if (options.Runs(true))
        {
            sides.Add(KafkaSide.Processor);
        }

        if (options.Runs(false))
        {
            sides.Add(KafkaSide.Baseline);
        }

        if (options.Streamiz)
        {
            sides.Add(KafkaSide.Streamiz);
        }

        var bench = new KafkaBench(cluster, options) { Sides = sides };
        var inputs = sides.ToDictionary(s => s, s => rounds.Select(r => InputOf(r, s)).ToList());
        foreach (var input in inputs.Values.SelectMany(i => i))
        {
            cluster.CreateTopic(input, InputPartitions, replication);
        }

        try
        {
            if (sides.Contains(KafkaSide.Processor))
            {
                bench._processor = await ProcessorUnderTest.StartAsync(cluster.BootstrapServers, string.Join(',', inputs[KafkaSide.Processor]),
                    "bench-processor", options.Settings);
            }

            if (sides.Contains(KafkaSide.Baseline))
            {
                bench._baseline = new BaselineLoop(cluster.BootstrapServers, inputs[KafkaSide.Baseline], CallbackOf("w", KafkaSide.Baseline),
                    "bench-baseline", options.Recipients, options.ClientProperties);
            }

            if (sides.Contains(KafkaSide.Streamiz))
            {
                bench._streamiz = await StreamizFanOut.StartAsync(cluster.BootstrapServers, inputs[KafkaSide.Streamiz],
                    CallbackOf("w", KafkaSide.Streamiz), "bench-streamiz", options.Recipients, options.ClientProperties);
            }
        }
        catch
        {
            await bench.DisposeAsync();
            throw;
        }

        return bench;
    }

    public async ValueTask DisposeAsync()
    {
        if (_processor is not null)
        {
            await _processor.DisposeAsync();
        }

        _baseline?.Dispose();
        _streamiz?.Dispose();
    }

    /// <summary>
    /// One measured round of <paramref name="side"/>: <paramref name="events"/> events onto the round's input topic, as
    /// fast as the side takes them or at <paramref name="ratePerSecond"/>, until all their statuses arrived.
    /// </summary>
    public async Task<RoundResult> RoundAsync(string round, KafkaSide side, int events, double ratePerSecond = 0)
    {
        var input = InputOf(round, side);
        var callback = CallbackOf(round, side);
        _cluster.CreateTopic(callback, CallbackPartitions, Math.Min(3, _options.Brokers));
        // Nothing of the round before is waiting: that round ended when all its statuses had arrived.
        if (_baseline is not null && side == KafkaSide.Baseline)
        {
            _baseline.Callback = callback;
        }

        if (_streamiz is not null && side == KafkaSide.Streamiz)
        {
            _streamiz.Callback = callback;
        }

        // At a fixed rate, the first second is a lead-in whose latency is not kept: the reader joins and every client
        // learns the round's fresh callback topic then, a cost of this tool's fresh topics, not of a side.
        var log = new ArrivalLog(events, _options.Recipients) { RecordFrom = ratePerSecond > 0 ? (int)Math.Min(ratePerSecond, events / 2) : 0 };
        try
        {
            return await MeasureAsync(side, input, callback, events, log, ratePerSecond);
        }
        finally
        {
            // Input topics stay until the run ends, on every side alike: the sides are subscribed to them.
            _cluster.DeleteTopic(callback);
        }
    }

    /// <summary>A side's input topic of one round ("w" for the warm-up).</summary>
    private static string InputOf(string round, KafkaSide side) => $"bench.r{round}-{Name(side)}.events";

    private static string CallbackOf(string round, KafkaSide side) => $"bench.r{round}-{Name(side)}-callback";

    public static string Name(KafkaSide side) => side.ToString().ToLowerInvariant();

    private bool Assigned(KafkaSide side) => side switch
    {
        KafkaSide.Processor => _processor!.Assigned,
        KafkaSide.Baseline => _baseline!.Assigned,
        _ => _streamiz!.Assigned,
    };

    private async Task<RoundResult> MeasureAsync(KafkaSide side, string input, string callback, int events, ArrivalLog log, double ratePerSecond)
    {
        var waited = Stopwatch.StartNew();
        while (!Assigned(side))
        {
            if (waited.Elapsed > AssignmentDeadline)
            {
                throw new TimeoutException($"{Name(side)}: no partitions assigned within {AssignmentDeadline.TotalSeconds} s");
            }

            await Task.Delay(20);
        }

        var pausesBefore = _processor?.Pauses ?? 0;
        using var sampler = ResourceSampler.Start();
        var threads = _options.Threads ? ThreadCpu.Start() : null;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(_options.Seconds));
        var started = Stopwatch.GetTimestamp();
        var bootstrap = _cluster.BootstrapServers;
        var reader = Task.Factory.StartNew(() => CallbackReader.Run(bootstrap, callback, CallbackPartitions, log, stop.Token),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var feeder = Task.Factory.StartNew(() => EventFeed.Run(bootstrap, input, new EventFeed.CallbackShape("kafka", callback),
            _options.Recipients, events, _options.MaxAhead, log, stop.Token, ratePerSecond), CancellationToken.None, TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        await Task.WhenAll(reader, feeder);
        var end = log.Arrived > 0 ? log.LastArrival : Stopwatch.GetTimestamp();
        var result = new RoundResult(Name(side), log.Expected, log.Arrived, Stopwatch.GetElapsedTime(started, end).TotalSeconds, _options.Recipients,
            log.Latency(), sampler.PeakRssBytes, sampler.Cpu, sampler.Counts());
        Console.WriteLine("  " + result + (side == KafkaSide.Processor ? $"  pauses {_processor!.Pauses - pausesBefore}" : "")
            + (ratePerSecond > 0 ? string.Create(CultureInfo.InvariantCulture, $"  at {ratePerSecond:0} ev/s") : ""));
        if (threads is not null)
        {
            Console.WriteLine($"    threads, us/status: {ThreadCpu.Format(threads.PerStatus(log.Arrived, result.Cpu))}");
        }

        return result;
    }
}
