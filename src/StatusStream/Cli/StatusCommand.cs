using System.CommandLine;
using Confluent.Kafka;
using StatusStream.Operations;
using StatusStream.Pipeline;

namespace StatusStream.Cli;

/// <summary>`statusstream status [--watch]`: the group's lag per input partition, the retry backlog and dead letters by reason.</summary>
internal static class StatusCommand
{
    private static readonly TimeSpan ReadDeadline = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var watch = new Option<bool>("--watch") { Description = "Print again every --interval seconds until Ctrl-C" };
        var interval = RangedOption.Create("--interval", "Seconds between refreshes with --watch", 5.0, seconds => seconds is > 0 and <= 3600,
            "more than 0 and at most 3600");
        var soon = RangedOption.Create("--soon", "Retries due within this many seconds count as 'due soon'", 60.0, seconds => seconds is >= 0 and <= 86_400,
            "from 0 to 86400");
        var connectTimeout = ConnectTimeoutOption.Create();
        var flags = new SettingsFlags();
        var command = new Command("status", "Lag per input partition, retry backlog and dead letters of a running cluster") { watch, interval, soon, connectTimeout };
        flags.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetResult(interval) is { Implicit: false } && !result.GetValue(watch))
            {
                result.AddError("--interval applies only with --watch.");
            }
        });
        command.SetAction(async (parse, cancellation) =>
        {
            if (DlqCommand.LoadKafkaOptions(flags.Read(parse)) is not { } kafka)
            {
                return ExitCodes.Configuration;
            }

            var time = TimeProvider.System;
            var dueSoon = TimeSpan.FromSeconds(parse.GetValue(soon));
            using var clients = new CommandClients();
            while (true)
            {
                try
                {
                    var status = ClusterStatusReader.Read(kafka, clients.Factory, time, dueSoon, TimeSpan.FromSeconds(parse.GetValue(connectTimeout)), ReadDeadline);
                    Console.Write(ClusterStatusText.Format(status, time.GetUtcNow(), dueSoon));
                }
                catch (Exception e) when (e is KafkaException or TimeoutException)
                {
                    Console.Error.WriteLine($"Could not read the state of the cluster: {e.Message}");
                    if (!parse.GetValue(watch))
                    {
                        return ExitCodes.Fatal;
                    }
                }

                if (!parse.GetValue(watch))
                {
                    return ExitCodes.Ok;
                }

                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(parse.GetValue(interval)), time, cancellation);
                }
                catch (OperationCanceledException)
                {
                    return ExitCodes.Ok;
                }

                Console.WriteLine();
            }
        });
        return command;
    }
}
