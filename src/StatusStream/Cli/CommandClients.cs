using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using StatusStream.Kafka;
using StatusStream.Telemetry;

namespace StatusStream.Cli;

/// <summary>
/// The Kafka clients of an operator command (`status`, `dlq`): built with the app's one log policy, their warnings and
/// errors on stderr in the simple console format (never on stdout, which holds the command's answer); chatter stays out.
/// </summary>
internal sealed class CommandClients : IDisposable
{
    private readonly ILoggerFactory _loggers;

    public CommandClients()
    {
        _loggers = LoggerFactory.Create(logging =>
        {
            logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = ConsoleLogFormat.TimestampFormat + " ";
            });
            logging.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
            logging.SetMinimumLevel(LogLevel.Warning);
        });
        Factory = new KafkaClientFactory(TimeProvider.System, _loggers.CreateLogger<KafkaClientFactory>());
    }

    public KafkaClientFactory Factory { get; }

    public void Dispose() => _loggers.Dispose();
}
