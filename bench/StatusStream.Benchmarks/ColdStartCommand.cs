using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using StatusStream.Benchmarks.Compare;
using StatusStream.Embedded;

namespace StatusStream.Benchmarks;

/// <summary>
/// <c>coldstart</c>: time from process start to the first callback delivered, and the process's CPU until then, of
/// <c>statusstream run</c> started as its own process against an embedded cluster in this one. One event waits on a
/// fresh input topic before the process starts; the clock stops when its status is read from the callback topic.
/// Several builds (<c>--app DLL</c>, repeatable: e.g. a plain and a ReadyToRun publish) run in alternate rounds, so
/// the machine's load falls on each alike. Process CPU (user + system, 10 ms ticks) is what a loaded machine does not
/// distort much; the wall time is what a user waits.
/// </summary>
internal static class ColdStartCommand
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args)
    {
        var apps = new List<string>();
        var rounds = 5;
        var extra = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--app": apps.Add(Path.GetFullPath(Next())); break;
                case "--rounds": rounds = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--set": extra.Add("--set"); extra.Add(Next()); break;
                default: throw new ArgumentException($"unknown option {args[i]}: coldstart [--app StatusStream.dll]... [--rounds 5] [--set Section:Key=Value]...");
            }
        }

        if (apps.Count == 0)
        {
            apps.Add(Path.Combine(AppContext.BaseDirectory, "StatusStream.dll"));
        }

        Console.WriteLine($"coldstart: rounds={rounds} cores={Environment.ProcessorCount} load={CompareCommand.LoadAverage()}");
        using var cluster = EmbeddedKafkaCluster.Start(1);
        foreach (var topic in new[] { "statusstream.retry", "statusstream.dlq", "statusstream.subscriptions" })
        {
            cluster.CreateTopic(topic, 4, 1);
        }

        var results = apps.ToDictionary(a => a, _ => new List<(double Ms, double CpuMs)>());
        var ok = true;
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var app in KafkaRotation(apps, round - 1))
            {
                var result = await OnceAsync(cluster, app, $"cold{round}-{apps.IndexOf(app)}", extra);
                ok &= result is not null;
                if (result is { } r)
                {
                    results[app].Add(r);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round} {app}: first callback after {r.Ms:0} ms, process cpu {r.CpuMs:0} ms"));
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("first callback after process start (median of rounds; spread min..max):");
        foreach (var (app, runs) in results.Where(r => r.Value.Count > 0))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {app}: wall {CompareCommand.Median(runs.Select(r => r.Ms)):0} ms ({runs.Min(r => r.Ms):0}..{runs.Max(r => r.Ms):0}), " +
                $"process cpu {CompareCommand.Median(runs.Select(r => r.CpuMs)):0} ms ({runs.Min(r => r.CpuMs):0}..{runs.Max(r => r.CpuMs):0})"));
        }

        Console.WriteLine($"load after: {CompareCommand.LoadAverage()}");
        return ok ? 0 : 1;
    }

    private static IEnumerable<string> KafkaRotation(List<string> apps, int by) => Enumerable.Range(0, apps.Count).Select(i => apps[(i + by) % apps.Count]);

    private static async Task<(double Ms, double CpuMs)?> OnceAsync(EmbeddedKafkaCluster cluster, string app, string name, IReadOnlyList<string> extra)
    {
        var input = $"bench.{name}.events";
        var callback = $"bench.{name}-callback";
        cluster.CreateTopic(input, 1, 1);
        cluster.CreateTopic(callback, 1, 1);
        using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build())
        {
            var value = Encoding.UTF8.GetBytes(
                $$$"""{"event_id":"{{{ArrivalLog.EventId(0)}}}","provider":"email","recipients":[{"recipient":"{{{Guid.NewGuid()}}}","success":true,"error":""}],"callback":{"type":"kafka","target":"{{{callback}}}"}}""");
            await producer.ProduceAsync(input, new Message<byte[], byte[]> { Value = value });
        }

        using var reader = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers, GroupId = "bench-cold-reader", EnableAutoCommit = false, FetchWaitMaxMs = 10,
        }).Build();
        reader.Assign(new TopicPartitionOffset(callback, 0, Offset.Beginning));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(app)!,
        };
        foreach (var arg in new[] { app, "run", "--bootstrap-servers", cluster.BootstrapServers, "--input-topics", input, "--group-id", $"bench-{name}",
                     "--set", "Http:Urls=http://127.0.0.1:0", "--set", "Logging:LogLevel:Default=Warning" }.Concat(extra))
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text && errors.Count < 20)
            {
                errors.Enqueue(text);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (clock.Elapsed < Deadline && !process.HasExited)
            {
                if (reader.Consume(TimeSpan.FromMilliseconds(5)) is not null)
                {
                    var ms = clock.Elapsed.TotalMilliseconds;
                    return (ms, CpuMs(process.Id));
                }
            }

            Console.WriteLine($"  {app}: no callback within {Deadline.TotalSeconds} s (exited: {process.HasExited}); stderr:");
            foreach (var line in errors)
            {
                Console.WriteLine("    " + line);
            }

            return null;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            await process.WaitForExitAsync();
        }
    }

    /// <summary>User + system CPU of a process so far, from /proc (clock ticks of 10 ms).</summary>
    private static double CpuMs(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }
}
