using System.CommandLine;
using StatusStream.Cli;
using StatusStream.Pipeline;

var root = new RootCommand("StatusStream: per-recipient notification status callbacks over Kafka")
{
    RunCommand.Create(),
    BrokerCommand.Create(),
    DemoCommand.Create(),
    DlqCommand.Create(),
    StatusCommand.Create(),
    EndpointsCommand.Create(),
};

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // System.CommandLine would print every error and the whole help text, and exit 1; an operator's
    // script wants one line that names the problem and the documented exit code for a bad command line.
    await Console.Error.WriteLineAsync($"statusstream: {CommandLineErrors.Describe(parse.Errors)} See 'statusstream --help'.");
    return ExitCodes.Configuration;
}

try
{
    // The host handles SIGTERM/SIGINT itself and drains within its own timeout; System.CommandLine's
    // own handler would end the process two seconds after Ctrl-C, mid-drain. Its default exception
    // handler would print a stack trace for a mere usage error, so exceptions come here.
    return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
}
catch (UsageException e)
{
    await Console.Error.WriteLineAsync($"statusstream: {e.Message}");
    return ExitCodes.Configuration;
}
catch (Exception e) when (StatusStream.Hosting.ConfigurationError.TryDescribe(e, configuration: null, out var messages))
{
    // What a command could not catch itself: a settings file that does not parse fails while its builder is made.
    return HostRunner.ReportConfigurationErrors(messages);
}
