using System.CommandLine;
using Microsoft.Extensions.Configuration;
using StatusStream.Embedded;
using StatusStream.Kafka;

namespace StatusStream.Cli;

/// <summary>`statusstream run [--embedded]`: the processor, against a real cluster or an in-process one.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var embedded = new Option<bool>("--embedded") { Description = "Start the embedded Kafka cluster in this process and use it" };
        var brokers = BrokerCountOption.Create("Brokers of the embedded cluster (with --embedded)");
        var flags = new SettingsFlags();
        var command = new Command("run", "Run the processor until SIGTERM/SIGINT") { embedded, brokers };
        flags.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetResult(brokers) is { Implicit: false } && !result.GetValue(embedded))
            {
                result.AddError("--brokers applies only with --embedded.");
            }
        });
        command.SetAction(async (parse, _) =>
        {
            EmbeddedKafkaCluster? cluster = null;
            string? notice = null;
            try
            {
                return await HostRunner.RunAsync(flags.Read(parse), builder =>
                {
                    if (parse.GetValue(embedded))
                    {
                        cluster = EmbeddedClusterSetup.StartFor(builder.Configuration, parse.GetValue(brokers));
                        var kafka = builder.Configuration.GetSection(KafkaOptions.SectionName).Get<KafkaOptions>() ?? new KafkaOptions();
                        notice = EmbeddedClusterSetup.RetentionNotice(kafka, EmbeddedClusterSetup.SubscriptionsTopic(builder.Configuration));
                    }
                },
                // Printed only once the settings were accepted and the host handles SIGTERM: a reader may stop us the
                // moment it sees the bootstrap line, and a bad setting should print its error alone.
                whenStarted: () =>
                {
                    if (cluster is not null)
                    {
                        Console.Out.WriteLine(notice);
                        BootstrapLine.Print(cluster);
                    }
                });
            }
            finally
            {
                cluster?.Dispose();
            }
        });
        return command;
    }
}
