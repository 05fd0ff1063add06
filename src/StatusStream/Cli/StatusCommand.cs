using System.CommandLine;
using Confluent.Kafka;
using StatusStream.Hosting;
using StatusStream.Kafka;
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
        var interval = new Option<double>("--interval") { Description = "Seconds between refreshes with --watch", DefaultValueFactory = _ => 5 };
        var soon = new Option<double>("--soon") { Description = "Retries due within this many seconds count as 'due soon'", DefaultValueFactory = _ => 60 };
        var flags = new SettingsFlags();
        var command = new Command("status", "Lag per input partition, retry backlog and dead letters of a running cluster") { watch, interval, soon };
        flags.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(interval) is <= 0 or > 3600)
            {
                result.AddError("--interval must be more than 0 and at most 3600 seconds.");
            }

            if (result.GetValue(soon) is < 0 or > 86_400)
            {
                result.AddError("--soon must be from 0 to 86400 seconds.");
            }
        });
        command.SetAction(async (parse, cancellation) =>
        {
            KafkaOptions kafka;
            try
            {
                kafka = DlqCommand.LoadKafkaOptions(flags.Read(parse));
            }
            catch (Exception e) when (ConfigurationError.TryDescribe(e, out var messages))
            {
                messages.ToList().ForEach(m => Console.Error.WriteLine($"Configuration error: {m}"));
                return ExitCodes.Configuration;
            }

            var time = TimeProvider.System;
            var dueSoon = TimeSpan.FromSeconds(parse.GetValue(soon));
            while (true)
            {
                try
                {
                    var status = ClusterStatusReader.Read(kafka, time, dueSoon, ReadDeadline);
                    Console.Write(ClusterStatusText.Format(status, time.GetUtcNow(), dueSoon));
                }
                catch (Exception e) when (e is KafkaException or TimeoutException)
                {
                    Console.Error.WriteLine($"Could not read the cluster at {kafka.BootstrapServers}: {e.Message}");
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
