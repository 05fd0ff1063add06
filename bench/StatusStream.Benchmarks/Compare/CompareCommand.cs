using System.Globalization;
using StatusStream.Embedded;

namespace StatusStream.Benchmarks.Compare;

/// <summary>
/// <c>compare</c>: the processor against same-shape baselines in one run: Kafka callbacks against a plain
/// Confluent.Kafka loop (and a Streamiz topology with <c>--streamiz</c>), then webhooks against a plain HttpClient loop.
/// Prints every round and the medians. <c>--rate</c>/<c>--load</c> measure latency at a fixed rate instead, and
/// <c>--marginal</c> the marginal CPU per status.
/// </summary>
internal static class CompareCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = CompareOptions.Parse(args);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"compare: brokers={options.Brokers} recipients={options.Recipients} events/round={options.Events} max-ahead={options.MaxAhead} " +
            $"rounds={options.Rounds} seconds/round={options.Seconds} streamiz={options.Streamiz} cores={Environment.ProcessorCount} load={LoadAverage()}"));
        using var cluster = EmbeddedKafkaCluster.Start(options.Brokers);
        var complete = true;
        if (options.AtFixedRate)
        {
            Console.WriteLine($"latency at a fixed rate; consumers' fetch.wait.max.ms {options.ClientProperties[CompareOptions.FetchWaitProperty]}");
            var steps = await RateComparison.RunAsync(cluster, options);
            Console.WriteLine();
            Console.WriteLine("latency at a fixed rate, input record made to status read (median of rounds; spread min..max):");
            foreach (var (rate, rounds) in steps)
            {
                complete &= rounds.All(r => r.Values.All(v => v.Complete));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $" {rate:0} events/s:"));
                SummarizeSides(rounds);
                Ratio(rounds, "p99", r => r.Latency.P99Ms);
            }

            return Finish(complete);
        }

        if (options.Marginal is { } sizes)
        {
            var rounds = await MarginalCpuComparison.RunAsync(cluster, options);
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"marginal process cpu per status between {sizes.Small} and {sizes.Large} events (median of rounds; spread min..max):"));
            foreach (var side in rounds[0].Keys.Order())
            {
                var values = rounds.Select(r => r[side]).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {KafkaBench.Name(side),-10} {Median(values):0.00} us/status ({values.Min():0.00}..{values.Max():0.00})"));
            }

            foreach (var other in rounds[0].Keys.Where(k => k != KafkaSide.Processor && rounds[0].ContainsKey(KafkaSide.Processor)).Order())
            {
                var ratios = rounds.Select(r => r[KafkaSide.Processor] / r[other]).ToList();
                var differences = rounds.Select(r => r[KafkaSide.Processor] - r[other]).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  processor/{KafkaBench.Name(other)}: ratio median {Median(ratios):0.000} (rounds: {Join(ratios)}), processor more by {Median(differences):0.00} us/status"));
            }

            return Finish(rounds.All(r => r.Values.All(double.IsFinite)));
        }

        if (!options.WebhooksOnly)
        {
            var kafka = await KafkaComparison.RunAsync(cluster, options);
            complete = kafka.All(r => r.Values.All(v => v.Complete));
            Console.WriteLine();
            Console.WriteLine("kafka callbacks (median of rounds; spread min..max):");
            SummarizeSides(kafka);
            Ratio(kafka, "statuses/s", r => r.StatusesPerSecond);
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

        return Finish(complete);
    }

    private static int Finish(bool complete)
    {
        Console.WriteLine($"load after: {LoadAverage()}");
        return complete ? 0 : 1;
    }

    private static void SummarizeSides(IReadOnlyList<IReadOnlyDictionary<KafkaSide, RoundResult>> rounds)
    {
        foreach (var side in rounds[0].Keys.Order())
        {
            Summarize(KafkaBench.Name(side), rounds.Select(r => r[side]).ToList());
        }
    }

    /// <summary>The processor's figure over each other side's, round by round, and their median.</summary>
    private static void Ratio(IReadOnlyList<IReadOnlyDictionary<KafkaSide, RoundResult>> rounds, string figure, Func<RoundResult, double> of)
    {
        if (!rounds[0].ContainsKey(KafkaSide.Processor))
        {
            return;
        }

        foreach (var other in rounds[0].Keys.Where(k => k != KafkaSide.Processor).Order())
        {
            var ratios = rounds.Select(r => of(r[KafkaSide.Processor]) / of(r[other])).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  ratio processor/{KafkaBench.Name(other)} {figure}: median {Median(ratios):0.000} (rounds: {Join(ratios)})"));
        }
    }

    private static string Join(IEnumerable<double> values) => string.Join(", ", values.Select(r => r.ToString("0.000", CultureInfo.InvariantCulture)));

    private static void Summarize(string side, IReadOnlyList<RoundResult> rounds)
    {
        string Spread(Func<RoundResult, double> of, string format) => string.Create(CultureInfo.InvariantCulture,
            $"{Median(rounds.Select(of)).ToString(format, CultureInfo.InvariantCulture)} ({rounds.Min(of).ToString(format, CultureInfo.InvariantCulture)}..{rounds.Max(of).ToString(format, CultureInfo.InvariantCulture)})");
        Console.WriteLine(
            $"  {side,-10} events/s {Spread(r => r.EventsPerSecond, "0")}  statuses/s {Spread(r => r.StatusesPerSecond, "0")}  " +
            $"p50 {Spread(r => r.Latency.P50Ms, "0.0")} ms  p99 {Spread(r => r.Latency.P99Ms, "0.0")} ms  p99.9 {Spread(r => r.Latency.P999Ms, "0.0")} ms  max {Spread(r => r.Latency.MaxMs, "0")} ms  " +
            $"peak rss {Spread(r => r.PeakRssBytes / 1048576.0, "0")} MiB  cpu {Spread(r => r.CpuMicrosecondsPerStatus, "0.0")} us/status");
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    internal static string LoadAverage()
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
