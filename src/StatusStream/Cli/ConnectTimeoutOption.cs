using System.CommandLine;

namespace StatusStream.Cli;

/// <summary>
/// --connect-timeout of the operator commands (`status`, `dlq`): how long they wait for any broker to answer before they
/// say so and exit 1. Short by default: an operator at a terminal with a wrong address should hear it in seconds, not
/// after the minute `run` waits for a broker that is still starting (Kafka:StartupTimeoutSeconds).
/// </summary>
internal static class ConnectTimeoutOption
{
    public const double DefaultSeconds = 10;

    public static Option<double> Create() => RangedOption.Create("--connect-timeout",
        "Seconds to wait for any Kafka broker to answer before giving up", DefaultSeconds, seconds => seconds is > 0 and <= 3600, "more than 0 and at most 3600");
}
