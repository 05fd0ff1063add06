using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace StatusStream.Kafka;

/// <summary>
/// Who owns a Kafka client and what it reads of the client's reports before <see cref="KafkaClientFactory"/>'s one
/// policy applies: librdkafka's log lines and non-fatal errors go to <see cref="Logger"/> (events 4005, 4006), each
/// kind at most once per <see cref="ClientLogThrottle.DefaultWindow"/> with the number held back.
/// </summary>
/// <param name="Logger">The owner's logger: a client's lines carry the category of what it works for.</param>
/// <param name="Client">What the lines call the client ("producer", "consumer", "admin").</param>
internal sealed record ClientLogging(ILogger Logger, string Client)
{
    /// <summary>Told of a fatal error (the client is unusable); fatal errors are never throttled away.</summary>
    public Action<Error>? OnFatal { get; init; }

    /// <summary>
    /// When set, the owner reports the client's non-fatal errors itself (a probe keeps the latest as the reason it
    /// gives in its own line), so the policy does not log them as well.
    /// </summary>
    public Action<Error>? OwnErrors { get; init; }

    /// <summary>A log line the owner reads first; true when it logged the line itself.</summary>
    public Func<LogMessage, bool>? OwnLog { get; init; }
}
