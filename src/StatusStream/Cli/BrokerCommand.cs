using System.CommandLine;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using StatusStream.Embedded;
using StatusStream.Kafka;

namespace StatusStream.Cli;

/// <summary>
/// `statusstream broker`: the embedded cluster alone, in the foreground, so several processor
/// processes can share it and one can be killed and restarted while the broker keeps its data.
/// </summary>
internal static class BrokerCommand
{
    public static Command Create()
    {
        var brokers = BrokerCountOption.Create("Number of brokers");
        var topics = new Option<string[]>("--topic")
        {
            Description = $"Extra topic to create, as name or name:partitions (default {EmbeddedClusterSetup.TopicPartitions}; repeatable; "
                + "naming a project topic sets its partitions)",
        };
        topics.Validators.Add(result =>
        {
            foreach (var text in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!TopicSpec.TryParse(text, out _, out var error))
                {
                    result.AddError(error);
                }
            }
        });
        var port = RangedOption.Create("--port",
            "Port of 127.0.0.1 for broker 1 (broker n gets port + n - 1), so a broker started again has the same address; "
            + "0 (the default): free ports. A restarted broker is empty: the embedded cluster keeps nothing across restarts",
            0, value => value is >= 0 and <= 65535, "between 0 and 65535");
        var command = new Command("broker",
            "Run the embedded Kafka cluster alone until SIGTERM/SIGINT (in memory: it keeps nothing across restarts)")
        {
            brokers, topics, port,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var extra = (parse.GetValue(topics) ?? []).Select(t => TopicSpec.TryParse(t, out var spec, out _) ? spec : default)
                .GroupBy(s => s.Name, StringComparer.Ordinal).Select(g => g.Last()).ToList();
            var kafka = new KafkaOptions();
            using var cluster = StartCluster(parse.GetValue(brokers), parse.GetValue(port));
            var created = EmbeddedClusterSetup.ProjectTopics(kafka).Where(t => extra.All(e => e.Name != t))
                .Select(t => (Topic: t, Partitions: EmbeddedClusterSetup.TopicPartitions))
                .Concat(extra.Select(e => (Topic: e.Name, e.Partitions))).ToList();
            foreach (var (topic, partitions) in created)
            {
                cluster.CreateTopic(topic, partitions, replicationFactor: Math.Min(3, cluster.BrokerCount));
            }

            // Signals are handled before the line is printed: a reader may send SIGTERM the moment it sees it.
            var termination = WaitForTermination();
            Console.Out.WriteLine(EmbeddedClusterSetup.RetentionNotice(created));
            BootstrapLine.Print(cluster);
            await termination;
            return 0;
        });
        return command;
    }

    private static EmbeddedKafkaCluster StartCluster(int brokers, int port)
    {
        if (port == 0)
        {
            return EmbeddedKafkaCluster.Start(brokers);
        }

        if (port + brokers - 1 > 65535)
        {
            throw new UsageException($"--port {port} leaves no room for {brokers} brokers (the last port would be {port + brokers - 1}).");
        }

        try
        {
            return EmbeddedKafkaCluster.Start(brokers, port);
        }
        catch (SocketException e)
        {
            var ports = brokers == 1 ? $"port {port}" : $"ports {port}-{port + brokers - 1}";
            throw new UsageException($"--port {port}: cannot listen on 127.0.0.1 {ports}: {e.Message}.");
        }
    }

    private static Task WaitForTermination()
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopped.TrySetResult();
        }

        // Kept alive by the closure until the task completes.
        var registrations = new[]
        {
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop),
        };
        return stopped.Task.ContinueWith(_ =>
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }
        }, TaskScheduler.Default);
    }
}
