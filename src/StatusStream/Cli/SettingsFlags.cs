using System.CommandLine;
using StatusStream.Kafka;

namespace StatusStream.Cli;

/// <summary>Flags that override configuration: a few named ones, and --set Section:Key=Value for anything else.</summary>
internal sealed class SettingsFlags
{
    public Option<string?> BootstrapServers { get; } = new("--bootstrap-servers") { Description = "Kafka bootstrap servers (Kafka:BootstrapServers)" };

    public Option<string?> InputTopics { get; } = new("--input-topics") { Description = "Comma-separated input topics (Kafka:InputTopics)" };

    public Option<string?> GroupId { get; } = new("--group-id") { Description = "Consumer group id (Kafka:GroupId)" };

    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "Any setting, e.g. --set Pipeline:MaxInFlightStatuses=5000 (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(BootstrapServers);
        command.Options.Add(InputTopics);
        command.Options.Add(GroupId);
        command.Options.Add(Set);
    }

    /// <summary>The overrides the flags ask for; a malformed --set is a <see cref="UsageException"/> naming it.</summary>
    public Dictionary<string, string?> Read(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        void Put(string key, string? value)
        {
            if (value is not null)
            {
                overrides[key] = value;
            }
        }

        Put($"{KafkaOptions.SectionName}:{nameof(KafkaOptions.BootstrapServers)}", parse.GetValue(BootstrapServers));
        Put($"{KafkaOptions.SectionName}:{nameof(KafkaOptions.InputTopics)}", parse.GetValue(InputTopics));
        Put($"{KafkaOptions.SectionName}:{nameof(KafkaOptions.GroupId)}", parse.GetValue(GroupId));
        foreach (var setting in parse.GetValue(Set) ?? [])
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            var key = equals > 0 ? setting[..equals].Trim() : "";
            // Every setting lives in a section ("Kafka:GroupId"); a key without one can only be a mistake.
            if (key.Split(':').Length < 2 || key.Split(':').Any(string.IsNullOrWhiteSpace))
            {
                throw new UsageException($"--set '{setting}' must have the form Section:Key=Value, e.g. --set Pipeline:MaxInFlightStatuses=5000.");
            }

            overrides[key] = setting[(equals + 1)..];
        }

        return overrides;
    }
}
