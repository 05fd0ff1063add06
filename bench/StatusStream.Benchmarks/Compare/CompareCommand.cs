using System.Globalization;
using StatusStream.Embedded;

namespace StatusStream.Benchmarks.Compare;

/// <summary>
/// <c>compare</c>: the processor against same-shape baselines in one run: Kafka callbacks against a plain
/// Confluent.Kafka loop, then webhooks against a plain HttpClient loop. Prints every round and the medians.
/// </summary>
internal static class CompareCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = CompareOptions.Parse(args);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"compare: brokers={options.Brokers} recipients={options.Recipients} events/round={options.Events} max-ahead={options.MaxAhead} " +
            $"rounds={options.Rounds} seconds/round={options.Seconds} cores={Environment.ProcessorCount} load={LoadAverage()}"));
        using var cluster = EmbeddedKafkaCluster.Start(options.Brokers);
        var complete = true;
        if (!options.WebhooksOnly)
        {
            var kafka = await KafkaComparison.RunAsync(cluster, options);
            complete = kafka.All(r => r.Processor.Complete && r.Baseline.Complete);
            Console.WriteLine();
            Console.WriteLine("kafka callbacks (median of rounds; spread min..max):");
            Summarize("processor", kafka.Select(r => r.Processor).ToList());
            Summarize("baseline", kafka.Select(r => r.Baseline).ToList());
            var ratios = kafka.Select(r => r.Processor.StatusesPerSecond / r.Baseline.StatusesPerSecond).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  ratio processor/baseline statuses/s: median {Median(ratios):0.000} (rounds: {string.Join(", ", ratios.Select(r => r.ToString("0.000", CultureInfo.InvariantCulture)))})"));
        }

        if (!options.KafkaOnly && options.WebhookDeliveries > 0)
        {
            var webhooks = await WebhookComparison.RunAsync(cluster, options);
            complete &= webhooks.All(r => r.Processor.Complete && r.Baseline.Complete);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"webhooks, {options.WebhookConcurrency} requests at once (median of rounds):"));
            Summarize("processor", webhooks.Select(r => r.Processor).ToList());
            Summarize("httpclient", webhooks.Select(r => r.Baseline).ToList());
            var webhookRatios = webhooks.Select(r => r.Processor.StatusesPerSecond / r.Baseline.StatusesPerSecond).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  ratio processor/httpclient deliveries/s: median {Median(webhookRatios):0.000} (rounds: {string.Join(", ", webhookRatios.Select(r => r.ToString("0.000", CultureInfo.InvariantCulture)))})"));
        }

        Console.WriteLine($"load after: {LoadAverage()}");
        return complete ? 0 : 1;
    }

    private static void Summarize(string side, IReadOnlyList<RoundResult> rounds)
    {
        string Spread(Func<RoundResult, double> of, string format) => string.Create(CultureInfo.InvariantCulture,
            $"{Median(rounds.Select(of)).ToString(format, CultureInfo.InvariantCulture)} ({rounds.Min(of).ToString(format, CultureInfo.InvariantCulture)}..{rounds.Max(of).ToString(format, CultureInfo.InvariantCulture)})");
        Console.WriteLine(
            $"  {side,-10} events/s {Spread(r => r.EventsPerSecond, "0")}  statuses/s {Spread(r => r.StatusesPerSecond, "0")}  " +
            $"p50 {Spread(r => r.Latency.P50Ms, "0.0")} ms  p99 {Spread(r => r.Latency.P99Ms, "0.0")} ms  max {Spread(r => r.Latency.MaxMs, "0")} ms  " +
            $"peak rss {Spread(r => r.PeakRssBytes / 1048576.0, "0")} MiB  cpu {Spread(r => r.CpuMicrosecondsPerStatus, "0.0")} us/status");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
