using System.CommandLine;
using System.Globalization;
using StatusStream.Embedded;

namespace StatusStream.Cli;

/// <summary>The --brokers flag of `run --embedded` and `broker`: 1..16, checked while parsing so a bad count exits 2.</summary>
internal static class BrokerCountOption
{
    public static Option<int> Create(string description)
    {
        var option = new Option<int>("--brokers") { Description = description, DefaultValueFactory = _ => 1 };
        option.Validators.Add(result =>
        {
            // Runs even when the value is not a number (the parser reports that itself), so read the token, not the value.
            if (result.Tokens.Count > 0
                && int.TryParse(result.Tokens[^1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count)
                && count is < 1 or > EmbeddedKafkaCluster.MaxBrokers)
            {
                result.AddError($"--brokers must be between 1 and {EmbeddedKafkaCluster.MaxBrokers} (was {count}).");
            }
        });
        return option;
    }
}
