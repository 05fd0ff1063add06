namespace StatusStream.Tests.Support;

/// <summary>Reads the two test variables into a mode; contradictory or misspelled values are an error, never a silent default.</summary>
internal static class TestKafkaModeSelection
{
    public const string ModeVariable = "STATUSSTREAM_TEST_KAFKA";
    public const string BootstrapVariable = "STATUSSTREAM_TEST_BOOTSTRAP";
    public const string ContainerValue = "container";
    public const string EmbeddedValue = "embedded";

    private static readonly Lazy<(TestKafkaMode? Mode, string? Bootstrap, string? Error)> Current = new(() =>
    {
        try
        {
            var (mode, bootstrap) = Resolve(Environment.GetEnvironmentVariable(ModeVariable), Environment.GetEnvironmentVariable(BootstrapVariable));
            return (mode, bootstrap, null);
        }
        catch (TestKafkaUnavailableException e)
        {
            return (null, null, e.Message);
        }
    });

    /// <summary>The mode of this run; throws <see cref="TestKafkaUnavailableException"/> when the variables are wrong.</summary>
    public static TestKafkaMode Mode => Current.Value.Mode ?? throw new TestKafkaUnavailableException(Current.Value.Error!);

    /// <summary>The mode of this run, or null when the variables are wrong (attributes must not throw during discovery).</summary>
    public static TestKafkaMode? ModeOrNull => Current.Value.Mode;

    /// <summary>STATUSSTREAM_TEST_BOOTSTRAP in the external mode, else null.</summary>
    public static string? ExternalBootstrap => Current.Value.Bootstrap;

    public static (TestKafkaMode Mode, string? Bootstrap) Resolve(string? modeValue, string? bootstrapValue)
    {
        var mode = string.IsNullOrWhiteSpace(modeValue) ? null : modeValue.Trim();
        var bootstrap = string.IsNullOrWhiteSpace(bootstrapValue) ? null : bootstrapValue.Trim();
        if (mode is not null && !mode.Equals(ContainerValue, StringComparison.OrdinalIgnoreCase) && !mode.Equals(EmbeddedValue, StringComparison.OrdinalIgnoreCase))
        {
            throw new TestKafkaUnavailableException(
                $"{ModeVariable}='{mode}' is not a test mode: use '{ContainerValue}' (a Kafka container), '{EmbeddedValue}' or nothing (the embedded cluster), or {BootstrapVariable}=host:port (a running cluster).");
        }

        var container = mode is not null && mode.Equals(ContainerValue, StringComparison.OrdinalIgnoreCase);
        if (bootstrap is not null && mode is not null)
        {
            throw new TestKafkaUnavailableException(
                $"{ModeVariable}={mode} and {BootstrapVariable}={bootstrap} are both set: set only one of them.");
        }

        if (bootstrap is not null)
        {
            return (TestKafkaMode.External, bootstrap);
        }

        return (container ? TestKafkaMode.Container : TestKafkaMode.Embedded, null);
    }
}
