using System.CommandLine;
using StatusStream.Cli;

var root = new RootCommand("StatusStream: per-recipient notification status callbacks over Kafka")
{
    RunCommand.Create(),
    BrokerCommand.Create(),
    DemoCommand.Create(),
    DlqCommand.Create(),
};

// The host handles SIGTERM/SIGINT itself and drains within its own timeout; System.CommandLine's
// own handler would end the process two seconds after Ctrl-C, mid-drain.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
