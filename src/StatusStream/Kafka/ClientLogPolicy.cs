using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StatusStream.Telemetry;

namespace StatusStream.Kafka;

/// <summary>
/// The one log and error policy of every Kafka client (<see cref="KafkaClientFactory"/>): librdkafka repeats a failing
/// connection's error and warnings on every reconnect, so warnings and errors are logged once per kind per window, the
/// next line saying how many it stands for; its chatter (notice and below) goes to debug unthrottled. One per client.
/// </summary>
internal sealed class ClientLogPolicy(ClientLogging owner, ClientLogThrottle throttle)
{
    public void OnLog(LogMessage message)
    {
        if (owner.OwnLog?.Invoke(message) == true)
        {
            return;
        }

        var level = ClientLogLevel.Of(message);
        if (level >= LogLevel.Error && owner.OwnErrors is not null)
        {
            // librdkafka logs a failure ("Connect to ... failed") and reports it as an error too: the owner says it once.
            level = LogLevel.Debug;
        }

        var heldBack = 0;
        if (level < LogLevel.Warning || throttle.ShouldLog($"log:{message.Facility}", out heldBack))
        {
            Log.ClientLog(owner.Logger, level, owner.Client, message.Facility, throttle.Annotate(message.Message, heldBack));
        }
    }

    public void OnError(Error error)
    {
        if (error.IsFatal && owner.OnFatal is { } onFatal)
        {
            onFatal(error);
        }
        else if (owner.OwnErrors is { } own)
        {
            own(error);
        }
        else if (throttle.ShouldLog($"error:{error.Code}", out var heldBack))
        {
            Log.ClientError(owner.Logger, owner.Client, error.Code.ToString(), throttle.Annotate(error.Reason, heldBack));
        }
    }
}
