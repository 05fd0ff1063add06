using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace StatusStream.Telemetry;

/// <summary>Maps librdkafka's syslog levels onto ours; its chatter (notice and below) stays at debug.</summary>
internal static class ClientLogLevel
{
    // Every Kafka:ClientProperties entry goes to every client, so a producer-only one (linger.ms) makes each consumer
    // warn that it ignores it, and a consumer-only one each producer: expected, and nothing to act on.
    private const string IgnoredByThisClient = " property and will be ignored by this ";

    public static LogLevel Of(LogMessage message) =>
        message.Facility == "CONFWARN" && message.Message.Contains(IgnoredByThisClient, StringComparison.Ordinal)
            ? LogLevel.Debug
            : Of(message.Level);

    public static LogLevel Of(SyslogLevel level) => level switch
    {
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
        SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        _ => LogLevel.Debug,
    };
}
