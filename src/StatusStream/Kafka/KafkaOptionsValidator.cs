using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace StatusStream.Kafka;

/// <summary>Rejects a bad Kafka configuration at start-up with messages that name the setting.</summary>
internal sealed class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        var failures = new List<string>();
        const string Section = KafkaOptions.SectionName;

        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            failures.Add($"{Section}:BootstrapServers is required (set STATUSSTREAM_{Section}__BootstrapServers, or use 'run --embedded').");
        }
        else
        {
            foreach (var server in options.BootstrapServers.Split(',', StringSplitOptions.TrimEntries))
            {
                if (server.Contains('@', StringComparison.Ordinal))
                {
                    // Not echoed: what precedes the '@' is likely a password.
                    failures.Add($"{Section}:BootstrapServers must not carry user:password@; set {Section}:SaslUsername and {Section}:SaslPassword.");
                    continue;
                }

                var colon = server.LastIndexOf(':');
                if (colon <= 0 || !int.TryParse(server.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
                {
                    failures.Add($"{Section}:BootstrapServers must be a comma-separated list of host:port (was '{server}').");
                }
            }
        }

        if (string.IsNullOrWhiteSpace(options.GroupId))
        {
            failures.Add($"{Section}:GroupId is required.");
        }

        if (options.InputTopicList.Count == 0)
        {
            failures.Add($"{Section}:InputTopics needs at least one topic.");
        }

        if (string.IsNullOrWhiteSpace(options.InboundTopic))
        {
            failures.Add($"{Section}:InboundTopic is required: the topic SMS providers publish received text messages to (default notification.inbound).");
        }
        else if (!TopicName.IsLegal(options.InboundTopic.Trim()))
        {
            failures.Add($"{Section}:InboundTopic: '{options.InboundTopic}' is not a legal Kafka topic name (1-249 of [a-zA-Z0-9._-]).");
        }
        else if (options.InputTopicList.Contains(options.InboundTopic.Trim())
            || options.InboundTopic.Trim() == options.DeadLetterTopic || options.InboundTopic.Trim() == options.RetryTopic)
        {
            // One topic read as both kinds would dead-letter every record of the other kind.
            failures.Add($"{Section}:InboundTopic '{options.InboundTopic}' must differ from {Section}:InputTopics, {Section}:RetryTopic and {Section}:DeadLetterTopic.");
        }

        if (!TopicName.IsLegal(options.OperationsTopic))
        {
            failures.Add($"{Section}:OperationsTopic: '{options.OperationsTopic}' is not a legal Kafka topic name (1-249 of [a-zA-Z0-9._-]).");
        }
        else if (options.ConsumedTopicList.Append(options.DeadLetterTopic).Append(options.RetryTopic).Contains(options.OperationsTopic))
        {
            // Read back as operational events only: any other record there is skipped, and an input record there would be read as one.
            failures.Add($"{Section}:OperationsTopic '{options.OperationsTopic}' must differ from {Section}:InputTopics, {Section}:InboundTopic, {Section}:RetryTopic and {Section}:DeadLetterTopic.");
        }

        foreach (var topic in options.InputTopicList.Append(options.DeadLetterTopic).Append(options.RetryTopic))
        {
            if (!TopicName.IsLegal(topic))
            {
                failures.Add($"{Section}: '{topic}' is not a legal Kafka topic name (1-249 of [a-zA-Z0-9._-]).");
            }
        }

        if (options.InputTopicList.Contains(options.DeadLetterTopic) || options.InputTopicList.Contains(options.RetryTopic)
            || options.DeadLetterTopic == options.RetryTopic)
        {
            failures.Add($"{Section}:InputTopics, {Section}:RetryTopic and {Section}:DeadLetterTopic must all differ.");
        }

        if (options.DeliveryTimeoutSeconds is < 1 or > 3600)
        {
            failures.Add($"{Section}:DeliveryTimeoutSeconds must be between 1 and 3600 (was {options.DeliveryTimeoutSeconds}).");
        }

        var usesSasl = options.SecurityProtocol is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl;
        var mechanismAsEntry = options.ClientProperties.Keys.Any(k => k.Trim() is "sasl.mechanism" or "sasl.mechanisms");
        if (usesSasl && options.SaslMechanism is null && !mechanismAsEntry)
        {
            failures.Add($"{Section}:SecurityProtocol {options.SecurityProtocol} needs {Section}:SaslMechanism "
                + $"(and for PLAIN and SCRAM also {Section}:SaslUsername and {Section}:SaslPassword).");
        }
        else if (usesSasl && options.SaslMechanism is SaslMechanism.Plain or SaslMechanism.ScramSha256 or SaslMechanism.ScramSha512
            && (string.IsNullOrEmpty(options.SaslUsername) || string.IsNullOrEmpty(options.SaslPassword)))
        {
            // GSSAPI (Kerberos) and OAUTHBEARER sign in without them: their own sasl.* entries say how.
            failures.Add($"{Section}:SaslMechanism {options.SaslMechanism} needs {Section}:SaslUsername and {Section}:SaslPassword.");
        }

        foreach (var (property, value) in options.ClientProperties)
        {
            if (OwnedClientProperties.WhyNot(property) is { } owned)
            {
                // The client settings would overwrite it without a word; its value is not echoed (it may be a secret).
                failures.Add($"{Section}:ClientProperties:{property}: StatusStream decides this one; {owned}.");
            }
            else if (ClientPropertyCheck.Check(property, value) is { } problem)
            {
                // librdkafka quotes a refused value; it may be a secret (sasl.password), so it never reaches a log.
                var redacted = string.IsNullOrEmpty(value) ? problem : problem.Replace(value, "***", StringComparison.Ordinal);
                failures.Add($"{Section}:ClientProperties:{property}: {redacted}.");
            }
        }

        if (options.StartupTimeoutSeconds is < 0 or > 3600)
        {
            failures.Add($"{Section}:StartupTimeoutSeconds must be between 0 (wait forever) and 3600 (was {options.StartupTimeoutSeconds}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
