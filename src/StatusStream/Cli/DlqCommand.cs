using System.CommandLine;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatusStream.DeadLetters;
using StatusStream.Hosting;
using StatusStream.Kafka;
using StatusStream.Pipeline;
using StatusStream.Replay;

namespace StatusStream.Cli;

/// <summary>`statusstream dlq list|replay`: what is on the dead-letter topic, and sending it back after a fix.</summary>
internal static class DlqCommand
{
    private static readonly TimeSpan ScanDeadline = TimeSpan.FromSeconds(60);

    public static Command Create()
    {
        var command = new Command("dlq", "Inspect and replay the dead-letter topic");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateReplay());
        return command;
    }

    private static Command CreateList()
    {
        var filter = new DeadLetterFilterOptions();
        var limit = RangedOption.Create("--limit", "Most records to print (counts cover all)", 100, count => count >= 0, "0 or more");
        var flags = new SettingsFlags();
        var connectTimeout = ConnectTimeoutOption.Create();
        var command = new Command("list", "Counts by reason and target, then the matching dead letters") { limit, connectTimeout };
        filter.AddTo(command);
        flags.AddTo(command);
        command.SetAction(parse => Run(parse, flags, filter, connectTimeout, (kafka, clients, matching, scan) =>
        {
            Print($"{kafka.DeadLetterTopic}: {scan.DeadLetters.Count} dead letters, {matching.Count} matching, "
                + $"{matching.Count(scan.IsReplayed)} of them already replayed, {matching.Count(scan.CameBackAfterReplay)} came back after a replay");
            PrintCounts("by reason", matching.GroupBy(d => d.Reason));
            PrintCounts("by target", matching.GroupBy(d => d.ShownTarget ?? "(intake)"));
            var chains = scan.Chains.Where(c => c.Members.Any(matching.Contains)).ToList();
            if (chains.Count > 0)
            {
                Print("dead-lettered again (first -> later dead letters of the same record):");
                foreach (var chain in chains)
                {
                    Print($"  {chain.Describe()}{(chain.WasReplayed(scan.Replayed) ? "" : "  (never replayed: the same record dead-lettered twice)")}");
                }
            }

            Print("records (partition:offset, dead-lettered at, reason, stage, target, origin, detail):");
            var shown = parse.GetValue(limit);
            foreach (var deadLetter in matching.Take(shown))
            {
                var root = scan.ChainOf(deadLetter).Root;
                var note = scan.IsReplayed(deadLetter) ? "  [replayed]"
                    : scan.CameBackAfterReplay(deadLetter) ? $"  [came back after replay of {root}]"
                    : root != deadLetter.Position ? $"  [again, first {root}]"
                    : "";
                Print($"  {deadLetter.Describe()}{note}");
            }

            if (matching.Count > shown)
            {
                Print($"  ... {matching.Count - shown} more not shown (--limit {shown})");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateReplay()
    {
        var filter = new DeadLetterFilterOptions();
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would be replayed; send nothing" };
        var again = new Option<bool>("--again")
        {
            Description = "Also send dead letters that came back after an earlier replay (their chain was replayed); each still at most once",
        };
        var flags = new SettingsFlags();
        var connectTimeout = ConnectTimeoutOption.Create();
        var command = new Command("replay", "Send matching dead letters back through delivery (each at most once)") { dryRun, again, connectTimeout };
        filter.AddTo(command);
        flags.AddTo(command);
        command.SetAction(parse => Run(parse, flags, filter, connectTimeout, (kafka, clients, matching, scan) =>
        {
            var sendAgain = parse.GetValue(again);
            var skipped = matching.Where(d => !scan.IsDueForReplay(d, sendAgain)).ToList();
            using var session = ReplaySession.Open(flags.Read(parse), matching.Except(skipped).ToList(), ScanDeadline, TimeProvider.System);
            var now = TimeProvider.System.GetUtcNow();
            var verified = matching.Except(skipped).Select(d => (DeadLetter: d, Record: session.Verify(d, scan.ChainOf(d).Root, now, out var why), Why: why)).ToList();
            var notReplayable = verified.Where(x => x.Record is null).Select(x => (x.DeadLetter, x.Why)).ToList();
            var candidates = verified.Where(x => x.Record is not null).Select(x => (x.DeadLetter, x.Record!.Value)).ToList();
            Print($"{matching.Count} matching dead letters: {candidates.Count} to replay, "
                + $"{skipped.Count} already replayed (skipped), {notReplayable.Count} not replayable");
            var cameBack = skipped.Count(scan.CameBackAfterReplay);
            if (cameBack > 0)
            {
                Print($"  {cameBack} of the skipped came back after an earlier replay (dead-lettered again); "
                    + "once the cause is fixed, send them with --again");
            }

            foreach (var (deadLetter, why) in notReplayable)
            {
                Print($"  not replayable: {deadLetter.Position} {deadLetter.Reason}: {why}");
            }

            if (parse.GetValue(dryRun))
            {
                foreach (var (deadLetter, _) in candidates)
                {
                    Print($"  would replay {deadLetter.Describe()}");
                }

                Print("dry run: nothing sent");
                return ExitCodes.Ok;
            }

            var outcomes = new DeadLetterReplayer(kafka, clients, TimeProvider.System).Replay(candidates);
            foreach (var outcome in outcomes)
            {
                Print(outcome.Error is null
                    ? $"  replayed {outcome.DeadLetter.Position} ({outcome.DeadLetter.Reason}, {outcome.DeadLetter.ShownTarget ?? "(intake)"}) -> {outcome.Topic}"
                    : $"  FAILED {outcome.DeadLetter.Position} -> {outcome.Topic}: {outcome.Error}");
            }

            PrintCounts("replayed to", outcomes.Where(o => o.Error is null).GroupBy(o => o.Topic));
            var failed = outcomes.Count(o => o.Error is not null);
            Print($"replayed {outcomes.Count - failed}, failed {failed}");
            return failed == 0 ? ExitCodes.Ok : ExitCodes.Fatal;
        }));
        return command;
    }

    private static int Run(ParseResult parse, SettingsFlags flags, DeadLetterFilterOptions filterOptions, Option<double> connectTimeout,
        Func<KafkaOptions, KafkaClientFactory, IReadOnlyList<DeadLetter>, DeadLetterScan, int> act)
    {
        if (LoadKafkaOptions(flags.Read(parse)) is not { } kafka)
        {
            return ExitCodes.Configuration;
        }

        var filter = filterOptions.Read(parse, TimeProvider.System.GetUtcNow());
        using var clients = new CommandClients();
        DeadLetterScan scan;
        try
        {
            using var admin = new OperatorAdminClient(kafka, TimeSpan.FromSeconds(parse.GetValue(connectTimeout)), clients.Factory);
            scan = DeadLetterScan.Read(kafka, clients.Factory, admin, ScanDeadline);
        }
        catch (Exception e) when (e is KafkaException or TimeoutException)
        {
            Console.Error.WriteLine($"Could not read the dead-letter topic '{kafka.DeadLetterTopic}': {e.Message}");
            return ExitCodes.Fatal;
        }

        return act(kafka, clients.Factory, scan.DeadLetters.Where(filter.Matches).ToList(), scan);
    }

    /// <summary>
    /// The Kafka section from the same sources and with the same validation as `run`: the whole
    /// pipeline is registered (never started), so the other sections of the same files are known too.
    /// </summary>
    /// <returns>Null when a setting is bad, once that is said on stderr.</returns>
    internal static KafkaOptions? LoadKafkaOptions(IReadOnlyDictionary<string, string?> overrides)
    {
        var builder = StatusStreamHost.CreateBuilder(overrides);
        try
        {
            builder.AddStatusPipeline();
            using var host = StatusStreamHost.Build(builder);
            return host.Services.GetRequiredService<IOptions<KafkaOptions>>().Value;
        }
        catch (Exception e) when (ConfigurationError.TryDescribe(e, builder.Configuration, out var messages))
        {
            HostRunner.ReportConfigurationErrors(messages);
            return null;
        }
    }

    /// <summary>
    /// One line on the operator's terminal. Everything printed comes from dead-letter headers, some of them first written
    /// by older versions or holding what an input record's producer chose: every character a terminal could act on
    /// (ESC, BEL, CR, LF...) is printed as \uXXXX, so no record can clear the screen, set the title or forge a line.
    /// </summary>
    private static void Print(string line) => Console.WriteLine(Intake.DetailText.Printable(line));

    private static void PrintCounts(string title, IEnumerable<IGrouping<string, object>> groups)
    {
        if (!groups.Any())
        {
            return;
        }

        Print($"{title}:");
        foreach (var group in groups.OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            Print($"  {group.Count(),6}  {group.Key}");
        }
    }
}
