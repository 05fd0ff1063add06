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
                "--webhooks-only" => options with { WebhooksOnly = true },
                "--sides" => options with { Sides = Next() },
                "--set" => options with { Settings = With(options.Settings, Next()) },
                _ => throw new ArgumentException($"unknown option {args[i]} (see bench/run-compare.sh)"),
            };
        }

        return options.Sides is "both" or "processor" or "baseline"
            ? options
            : throw new ArgumentException("--sides must be both, processor or baseline");
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
