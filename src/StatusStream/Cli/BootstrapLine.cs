using StatusStream.Embedded;

namespace StatusStream.Cli;

/// <summary>The one stdout line outside clients (kcat, tests, other processes) read to find the embedded cluster.</summary>
internal static class BootstrapLine
{
    public const string Prefix = "bootstrap: ";

    public static void Print(EmbeddedKafkaCluster cluster)
    {
        Console.Out.WriteLine(Prefix + cluster.BootstrapServers);
        Console.Out.Flush();
    }
}
