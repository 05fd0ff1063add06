using System.Globalization;
using StatusStream.Embedded;

namespace StatusStream.Benchmarks.Compare;

/// <summary>
/// Throughput: the processor, the same-shape <see cref="BaselineLoop"/> (and, with <c>--streamiz</c>, a Streamiz
/// topology) in alternate rounds on one embedded cluster (<see cref="KafkaBench"/>), the side that goes first rotating,
/// so drift in the machine's load falls on all of them.
/// </summary>
internal static class KafkaComparison
{
    public static async Task<IReadOnlyList<IReadOnlyDictionary<KafkaSide, RoundResult>>> RunAsync(EmbeddedKafkaCluster cluster, CompareOptions options)
    {
        var rounds = (options.Warmup > 0 ? ["w"] : Array.Empty<string>())
            .Concat(Enumerable.Range(1, options.Rounds).Select(r => r.ToString(CultureInfo.InvariantCulture))).ToList();
        await using var bench = await KafkaBench.StartAsync(cluster, options, rounds);
        if (options.Warmup > 0)
        {
            Console.WriteLine($"warm-up: {options.Warmup} events each side (not counted)");
            foreach (var side in bench.Sides)
            {
                await bench.RoundAsync("w", side, options.Warmup);
            }
        }

        var results = new List<IReadOnlyDictionary<KafkaSide, RoundResult>>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            var name = round.ToString(CultureInfo.InvariantCulture);
            var byside = new Dictionary<KafkaSide, RoundResult>();
            foreach (var side in Rotated(bench.Sides, round - 1))
            {
                byside[side] = await bench.RoundAsync(name, side, options.Events);
            }

            if (byside.TryGetValue(KafkaSide.Processor, out var processor))
            {
                foreach (var (side, other) in byside.Where(s => s.Key != KafkaSide.Processor))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"round {round}: ratio processor/{KafkaBench.Name(side)} {processor.StatusesPerSecond / other.StatusesPerSecond:0.000}"));
                }
            }

            results.Add(byside);
        }

        return results;
    }

    /// <summary>The sides, the first of them moved on by <paramref name="by"/>: each goes first in turn.</summary>
    public static IEnumerable<KafkaSide> Rotated(IReadOnlyList<KafkaSide> sides, int by) =>
        sides.Count == 0 ? [] : Enumerable.Range(0, sides.Count).Select(i => sides[(i + by) % sides.Count]);
}
