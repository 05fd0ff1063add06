using System.CommandLine;
using StatusStream.Embedded;

namespace StatusStream.Cli;

/// <summary>The --brokers flag of `run --embedded` and `broker`: 1..16, checked while parsing so a bad count exits 2.</summary>
internal static class BrokerCountOption
{
    public static Option<int> Create(string description) => RangedOption.Create("--brokers", description, 1,
        count => count is >= 1 and <= EmbeddedKafkaCluster.MaxBrokers, $"between 1 and {EmbeddedKafkaCluster.MaxBrokers}");
}
