using System.Globalization;
using StatusStream.Embedded;

namespace StatusStream.Benchmarks.Compare;

/// <summary>
/// Marginal CPU per status (<c>--marginal SMALL,LARGE</c>): per round, every side runs SMALL events then LARGE events
/// (the order of the sides rotating), and its figure is (process CPU of the large run - of the small run) / (the
/// statuses the large run had more). Start-up is out (each side is started before the warm-up) and so is whatever a
/// run costs whatever its size (a round's clients, its first fetches, the tail of its last statuses). The process
/// holds the broker, the feeder and the reader too, so the figure carries their share, alike on every side: the
/// difference between two sides is what one costs more, the ratio is diluted by that share.
/// </summary>
internal static class MarginalCpuComparison
{
    public static async Task<IReadOnlyList<IReadOnlyDictionary<KafkaSide, double>>> RunAsync(EmbeddedKafkaCluster cluster, CompareOptions options)
    {
        var (small, large) = options.Marginal!.Value;
        var rounds = (options.Warmup > 0 ? ["w"] : Array.Empty<string>())
            .Concat(Enumerable.Range(1, options.Rounds).SelectMany(r => new[] { Name(r, "small"), Name(r, "large") })).ToList();
        await using var bench = await KafkaBench.StartAsync(cluster, options, rounds);
        if (options.Warmup > 0)
        {
            Console.WriteLine($"warm-up: {options.Warmup} events each side (not counted)");
            foreach (var side in bench.Sides)
            {
                await bench.RoundAsync("w", side, options.Warmup);
            }
        }

        var statuses = (double)(large - small) * options.Recipients;
        var results = new List<IReadOnlyDictionary<KafkaSide, double>>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            var byside = new Dictionary<KafkaSide, double>();
            foreach (var side in KafkaComparison.Rotated(bench.Sides, round - 1))
            {
                var smallRun = await bench.RoundAsync(Name(round, "small"), side, small);
                var largeRun = await bench.RoundAsync(Name(round, "large"), side, large);
                byside[side] = smallRun.Complete && largeRun.Complete ? (largeRun.Cpu - smallRun.Cpu).TotalMicroseconds / statuses : double.NaN;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}: {KafkaBench.Name(side)} marginal cpu {byside[side]:0.00} us/status ({smallRun.Cpu.TotalMilliseconds:0} ms for {small} events, {largeRun.Cpu.TotalMilliseconds:0} ms for {large})"));
            }

            results.Add(byside);
        }

        return results;
    }

    private static string Name(int round, string size) => string.Create(CultureInfo.InvariantCulture, $"m{round}-{size}");
}
