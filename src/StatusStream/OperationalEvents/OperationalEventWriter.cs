using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusStream.Kafka;

namespace StatusStream.OperationalEvents;

/// <summary>
/// Writes state changes to the operations topic (Kafka:OperationsTopic), keyed by their subject. Never blocks: called
/// from breaker callbacks and delivery threads. An endpoint event is applied to <see cref="DisabledEndpoints"/> at once,
/// so this instance acts on it before the topic has it; the others act when they read it.
/// </summary>
internal sealed class OperationalEventWriter(
    NonBlockingProducer producer,
    IOptions<KafkaOptions> kafka,
    DisabledEndpoints disabled,
    TimeProvider time,
    ILogger<OperationalEventWriter> logger)
{
    private readonly string _topic = kafka.Value.OperationsTopic;
    private readonly string _group = kafka.Value.GroupId;

    public OperationalEvent Endpoint(string type, string endpoint, string? ns, string reason, DateTimeOffset? failingSince = null) =>
        Write(new OperationalEvent(Guid.NewGuid(), type, time.GetUtcNow(), _group, endpoint, ns, null, reason, failingSince));

    public OperationalEvent Subscription(string type, Guid id, string ns, string reason) =>
        Write(new OperationalEvent(Guid.NewGuid(), type, time.GetUtcNow(), _group, null, ns, id, reason));

    /// <summary>Writes and waits for the broker's acknowledgement (the CLI and the admin API).</summary>
    public static async Task<OperationalEvent> WriteAsync(IProducer<byte[], byte[]> producer, string topic, OperationalEvent e, CancellationToken cancellationToken)
    {
        await producer.ProduceAsync(topic, Message(e), cancellationToken).ConfigureAwait(false);
        return e;
    }

    public static Message<byte[], byte[]> Message(OperationalEvent e) =>
        new() { Key = Encoding.UTF8.GetBytes(e.Key), Value = OperationalEventJson.Write(e) };

    private OperationalEvent Write(OperationalEvent e)
    {
        disabled.Apply(e);
        var subject = e.Key;
        OperationalEventLog.Emitted(logger, e.Type, subject, e.Reason);
        producer.Produce(_topic, Message(e), error =>
        {
            if (error.IsError)
            {
                OperationalEventLog.WriteFailed(logger, e.Type, subject, _topic, error.Code.ToString(), error.Reason);
            }
        });
        return e;
    }
}
