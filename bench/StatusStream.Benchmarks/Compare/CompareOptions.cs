using System.Globalization;

namespace StatusStream.Benchmarks.Compare;

/// <summary>Command-line options of <c>compare</c>; every loop it runs is bounded by <see cref="Events"/> and <see cref="Seconds"/>.</summary>
internal sealed record CompareOptions
{
    private const string ClientPropertiesPrefix = "Kafka:ClientProperties:";

    public int Brokers { get; init; } = 1;

    public int Recipients { get; init; } = 3;

    /// <summary>Events per round (Kafka).</summary>
    public int Events { get; init; } = 200_000;

    /// <summary>The feeder is never more than this many events ahead of what has arrived (the mock keeps ~5 MB a partition).</summary>
    public int MaxAhead { get; init; } = 20_000;

    public int Rounds { get; init; } = 3;

    /// <summary>Time limit of one round; a round that hits it is reported as incomplete.</summary>
    public int Seconds { get; init; } = 120;

    /// <summary>Events of the uncounted warm-up round of each side (JIT, connections); 0 skips it.</summary>
    public int Warmup { get; init; } = 20_000;

    /// <summary>Deliveries per webhook round; 0 skips the webhook comparison.</summary>
    public int WebhookDeliveries { get; init; } = 30_000;

    /// <summary>Requests at once: the processor's endpoint concurrency and the plain loop's workers.</summary>
    public int WebhookConcurrency { get; init; } = 8;

    public bool KafkaOnly { get; init; }

    /// <summary>Prints each Kafka round's process CPU by thread name (<see cref="ThreadCpu"/>).</summary>
    public bool Threads { get; init; }

    /// <summary>Adds a Streamiz (Kafka Streams for .NET) topology doing the same fan-out as a third Kafka side.</summary>
    public bool Streamiz { get; init; }

    /// <summary>Latency mode: fixed feed rates in events/s (<c>--rate 500,2000</c>); each gets its rounds on every side.</summary>
    public IReadOnlyList<double> Rates { get; init; } = [];

    /// <summary>Latency mode: feed rates as fractions of the baseline's saturation, measured first in the same run (<c>--load 0.25,0.5</c>).</summary>
    public IReadOnlyList<double> Loads { get; init; } = [];

    /// <summary>Seconds of feed of one fixed-rate round: its events are the rate times this.</summary>
    public int RateSeconds { get; init; } = 10;

    /// <summary>Marginal CPU mode: the two run sizes in events (<c>--marginal 20000,100000</c>); null when not asked for.</summary>
    public (int Small, int Large)? Marginal { get; init; }

    /// <summary>True when latency at a fixed rate is asked for (<see cref="Rates"/> or <see cref="Loads"/>).</summary>
    public bool AtFixedRate => Rates.Count > 0 || Loads.Count > 0;

    /// <summary>Skips the Kafka comparison (for working on the webhook path).</summary>
    public bool WebhooksOnly { get; init; }

    /// <summary>Which sides run: both (default), or only "processor" or "baseline" (for profiling one of them).</summary>
    public string Sides { get; init; } = "both";

    /// <summary>Processor settings (<c>--set Section:Key=Value</c>, repeatable), e.g. to try another in-flight bound.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>
    /// The <c>Kafka:ClientProperties:*</c> part of <see cref="Settings"/>: librdkafka properties both sides' clients get
    /// (configuration keys ignore case, so the prefix does too).
    /// </summary>
    public IReadOnlyDictionary<string, string> ClientProperties => Settings
        .Where(s => s.Key.StartsWith(ClientPropertiesPrefix, StringComparison.OrdinalIgnoreCase) && s.Value is not null)
        .ToDictionary(s => s.Key[ClientPropertiesPrefix.Length..], s => s.Value!);

    public bool Runs(bool processor) => Sides == "both" || Sides == (processor ? "processor" : "baseline");

    public static CompareOptions Parse(string[] args)
    {
        var options = new CompareOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--brokers" => options with { Brokers = Int() },
                "--recipients" => options with { Recipients = Int() },
                "--events" => options with { Events = Int() },
                "--max-ahead" => options with { MaxAhead = Int() },
                "--rounds" => options with { Rounds = Int() },
                "--seconds" => options with { Seconds = Int() },
                "--warmup" => options with { Warmup = Int() },
                "--webhook-deliveries" => options with { WebhookDeliveries = Int() },
                "--webhook-concurrency" => options with { WebhookConcurrency = Int() },
                "--kafka-only" => options with { KafkaOnly = true },
                "--streamiz" => options with { Streamiz = true },
                "--threads" => options with { Threads = true },
                "--rate" => options with { Rates = Doubles(Next()) },
                "--load" => options with { Loads = Doubles(Next()) },
                "--rate-seconds" => options with { RateSeconds = Int() },
                "--marginal" => options with { Marginal = Sizes(Next()) },
                "--webhooks-only" => options with { WebhooksOnly = true },
                "--sides" => options with { Sides = Next() },
                "--set" => options with { Settings = With(options.Settings, Next()) },
                _ => throw new ArgumentException($"unknown option {args[i]} (see bench/run-compare.sh)"),
            };
        }

        if (options.Sides is not ("both" or "processor" or "baseline"))
        {
            throw new ArgumentException("--sides must be both, processor or baseline");
        }

        if (options.Loads.Count > 0 && !options.Runs(false))
        {
            throw new ArgumentException("--load needs the baseline side: its saturation is what the fractions are of");
        }

        // The embedded broker does not answer a waiting fetch when data arrives: with librdkafka's default
        // fetch.wait.max.ms (500) a consumer waits out its long poll, and latency measures that. A real broker answers at
        // once, so the latency mode measures with a short fetch wait on every side unless told otherwise.
        return options.AtFixedRate && !options.ClientProperties.ContainsKey(FetchWaitProperty)
            ? options with { Settings = With(options.Settings, $"{ClientPropertiesPrefix}{FetchWaitProperty}={ShortFetchWaitMs}") }
            : options;
    }

    /// <summary>The fetch wait the latency mode gives every side by default (see <see cref="Parse"/>).</summary>
    public const int ShortFetchWaitMs = 10;

    public const string FetchWaitProperty = "fetch.wait.max.ms";

    private static List<double> Doubles(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture) is var d && d > 0 ? d : throw new ArgumentException($"{v}: must be above 0"))
            .ToList();

    private static (int, int) Sizes(string pair)
    {
        var sizes = pair.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return sizes is [var small, var large] && small > 0 && large > small
            ? (small, large)
            : throw new ArgumentException("--marginal SMALL,LARGE: two event counts, the second larger");
    }

    private static Dictionary<string, string?> With(IReadOnlyDictionary<string, string?> settings, string assignment)
    {
        var split = assignment.IndexOf('=', StringComparison.Ordinal);
        if (split <= 0)
        {
            throw new ArgumentException($"--set {assignment}: expected Section:Key=Value");
        }

        return new Dictionary<string, string?>(settings) { [assignment[..split]] = assignment[(split + 1)..] };
    }
}
