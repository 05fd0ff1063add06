using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace StatusStream.Telemetry;

/// <summary>Maps librdkafka's syslog levels onto ours; its chatter (notice and below) stays at debug.</summary>
internal static class ClientLogLevel
{
    public static LogLevel Of(SyslogLevel level) => level switch
    {
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
        SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        _ => LogLevel.Debug,
    };
}
