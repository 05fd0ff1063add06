using System.CommandLine;
using Confluent.Kafka;
using StatusStream.OperationalEvents;
using StatusStream.Pipeline;

namespace StatusStream.Cli;

/// <summary>
/// `statusstream endpoints enable|disable ENDPOINT [--namespace NS]`: an operator's switch for a webhook endpoint, written
/// to the operations topic, which every instance of the group follows. A disabled endpoint's statuses are dead-lettered
/// endpoint-disabled at once; after enabling it, `dlq replay --reason endpoint-disabled` sends them again.
/// </summary>
internal static class EndpointsCommand
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(30);

    public static Command Create() => new("endpoints", "Enable or disable a webhook endpoint on every instance of the group")
    {
        Switch("enable", enabled: true, "Enable a disabled webhook endpoint again (every instance of the group)"),
        Switch("disable", enabled: false, "Disable a webhook endpoint: its statuses are dead-lettered endpoint-disabled at once"),
    };

    private static Command Switch(string name, bool enabled, string description)
    {
        var endpoint = new Argument<string>("endpoint")
        {
            Description = "A configured endpoint's name (Webhooks:Endpoints:<name>), or an unnamed one's URL (only its scheme://host:port counts)",
        };
        var ns = new Option<string?>("--namespace")
        {
            Description = "An unnamed endpoint's namespace (each namespace has its own endpoint per host); \"\" for statuses without one",
        };
        var flags = new SettingsFlags();
        var command = new Command(name, description) { endpoint, ns };
        flags.AddTo(command);
        command.SetAction(async (parse, cancellation) =>
        {
            if (DlqCommand.LoadKafkaOptions(flags.Read(parse)) is not { } kafka)
            {
                return ExitCodes.Configuration;
            }

            var given = parse.GetValue(endpoint)!;
            var isUrl = Uri.TryCreate(given, UriKind.Absolute, out _);
            var space = parse.GetValue(ns);
            if (isUrl && space is null)
            {
                Console.Error.WriteLine("An unnamed endpoint (a URL) is kept per namespace: give --namespace (\"\" for statuses without one).");
                return ExitCodes.Configuration;
            }

            try
            {
                var e = await EndpointSwitch.SetAsync(kafka, enabled, EndpointSwitch.EndpointName(given), isUrl ? space : null,
                    TimeProvider.System, WriteTimeout, cancellation).ConfigureAwait(false);
                Console.WriteLine($"{e.Type}: {e.Key} (group {e.Group}) written to {kafka.OperationsTopic}; every instance of the group acts on it as it reads it.");
                return ExitCodes.Ok;
            }
            catch (ProduceException<byte[], byte[]> e)
            {
                Console.Error.WriteLine($"Could not write to the operations topic '{kafka.OperationsTopic}': {e.Error.Code} {e.Error.Reason}");
                return ExitCodes.Fatal;
            }
        });
        return command;
    }
}
