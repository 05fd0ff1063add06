using Microsoft.Extensions.Options;
using StatusStream.Kafka;

namespace StatusStream.Routing;

internal sealed class RoutingOptionsValidator(IOptions<KafkaOptions> kafka) : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        if (!Enum.IsDefined(options.TargetPolicy))
        {
            return ValidateOptionsResult.Fail(
                $"{RoutingOptions.SectionName}:TargetPolicy must be Any, SourceNamespace or InputTopicNamespace (was '{options.TargetPolicy}').");
        }

        if (options.TargetPolicy != TargetPolicyKind.InputTopicNamespace)
        {
            return ValidateOptionsResult.Success;
        }

        // Every topic read must name its namespace: an input from one that did not would belong to nobody.
        var settings = kafka.Value;
        var failures = settings.InputTopicList.Select(t => (Topic: t, Setting: $"{KafkaOptions.SectionName}:{nameof(KafkaOptions.InputTopics)}"))
            .Append((Topic: settings.InboundTopic.Trim(), Setting: $"{KafkaOptions.SectionName}:{nameof(KafkaOptions.InboundTopic)}"))
            .Where(t => InputTopicNamespaces.NamespaceOfName(t.Topic) is null)
            .Select(t => $"{RoutingOptions.SectionName}:TargetPolicy is InputTopicNamespace, so every topic in {t.Setting} must be "
                + $"<namespace>.<name> (e.g. city.notifications), its namespace a lower-case DNS label; '{t.Topic}' is not.")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
