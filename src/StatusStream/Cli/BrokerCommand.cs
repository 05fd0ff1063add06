using System.CommandLine;
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
        var brokers = new Option<int>("--brokers") { Description = "Number of brokers", DefaultValueFactory = _ => 1 };
        var topics = new Option<string[]>("--topic") { Description = "Extra topic to create, as name or name:partitions (repeatable)" };
        var command = new Command("broker", "Run the embedded Kafka cluster alone until SIGTERM/SIGINT") { brokers, topics };
        command.SetAction(async (parse, _) =>
        {
            var count = parse.GetValue(brokers);
            if (count is < 1 or > 16)
            {
                await Console.Error.WriteLineAsync($"--brokers must be between 1 and 16 (was {count}).");
                return 2;
            }

            using var cluster = EmbeddedKafkaCluster.Start(count);
            EmbeddedClusterSetup.CreateProjectTopics(cluster, new KafkaOptions());
            foreach (var topic in parse.GetValue(topics) ?? [])
            {
                var parts = topic.Split(':');
                cluster.CreateTopic(parts[0], parts.Length > 1 && int.TryParse(parts[1], out var p) ? p : EmbeddedClusterSetup.TopicPartitions);
            }

            // Signals are handled before the line is printed: a reader may send SIGTERM the moment it sees it.
            var termination = WaitForTermination();
            BootstrapLine.Print(cluster);
            await termination;
            return 0;
        });
        return command;
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
