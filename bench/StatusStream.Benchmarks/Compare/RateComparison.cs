using System.Globalization;
using StatusStream.Embedded;

namespace StatusStream.Benchmarks.Compare;

/// <summary>
/// Latency at a fixed rate (<c>--rate</c> events/s, or <c>--load</c> fractions of the baseline's saturation measured
/// first in the same run): every side fed at that rate, in alternate rounds, p50/p99/p99.9/max from the moment each
/// input record is made (its timestamp) to its statuses' arrival on the callback topic, and process CPU per status.
/// </summary>
/// <remarks>
/// Every side's consumers get a short fetch wait (<see cref="CompareOptions.ShortFetchWaitMs"/>, unless set with
/// <c>--set Kafka:ClientProperties:fetch.wait.max.ms=N</c>): the embedded broker does not answer a waiting fetch when
/// data arrives, so with librdkafka's default of 500 ms the figure would be the long poll's, not the side's.
/// </remarks>
internal static class RateComparison
{
    private const string Saturation = "s";

    public static async Task<IReadOnlyList<(double Rate, IReadOnlyList<IReadOnlyDictionary<KafkaSide, RoundResult>> Rounds)>> RunAsync(
        EmbeddedKafkaCluster cluster, CompareOptions options)
    {
        var steps = options.Rates.Count + options.Loads.Count;
        var rounds = new List<string>();
        if (options.Warmup > 0)
        {
            rounds.Add("w");
        }

        if (options.Loads.Count > 0)
        {
            rounds.Add(Saturation);
        }

        rounds.AddRange(Enumerable.Range(0, steps).SelectMany(s => Enumerable.Range(1, options.Rounds).Select(r => RoundName(s, r))));
        await using var bench = await KafkaBench.StartAsync(cluster, options, rounds);
        if (options.Warmup > 0)
        {
            Console.WriteLine($"warm-up: {options.Warmup} events each side (not counted)");
            foreach (var side in bench.Sides)
            {
                await bench.RoundAsync("w", side, options.Warmup);
            }
        }

        var rates = options.Rates.ToList();
        if (options.Loads.Count > 0)
        {
            Console.WriteLine($"saturation of the baseline: {options.Events} events as fast as it takes them");
            var saturation = await bench.RoundAsync(Saturation, KafkaSide.Baseline, options.Events);
            rates.AddRange(options.Loads.Select(l => Math.Round(l * saturation.EventsPerSecond)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"baseline saturation {saturation.EventsPerSecond:0} events/s: load {string.Join(", ", options.Loads)} is {string.Join(", ", rates.Skip(options.Rates.Count))} events/s"));
        }

        var results = new List<(double, IReadOnlyList<IReadOnlyDictionary<KafkaSide, RoundResult>>)>();
        for (var step = 0; step < rates.Count; step++)
        {
            var rate = rates[step];
            // One second more than asked: the round's first second is a lead-in (see KafkaBench.RoundAsync).
            var events = (int)Math.Max(2, rate * (options.RateSeconds + 1));
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"at {rate:0} events/s: {events} events a round, the first second's not counted"));
            var byRound = new List<IReadOnlyDictionary<KafkaSide, RoundResult>>();
            for (var round = 1; round <= options.Rounds; round++)
            {
                var byside = new Dictionary<KafkaSide, RoundResult>();
                foreach (var side in KafkaComparison.Rotated(bench.Sides, round - 1))
                {
                    byside[side] = await bench.RoundAsync(RoundName(step, round), side, events, rate);
                }

                byRound.Add(byside);
            }

            results.Add((rate, byRound));
        }

        return results;
    }

    private static string RoundName(int step, int round) => string.Create(CultureInfo.InvariantCulture, $"q{step}-{round}");
}
