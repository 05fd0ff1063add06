namespace StatusStream.Tests.Support;

/// <summary>
/// A test that needs what only the embedded cluster has (broker down/up, pushed request errors,
/// round-trip delays, a short group heartbeat): reported as skipped, with the reason, on a real
/// broker; never run there and passed without its fault. With contradictory test variables it is
/// not skipped, so it fails on the fixture's message instead.
/// </summary>
public sealed class EmbeddedOnlyFactAttribute : FactAttribute
{
    public EmbeddedOnlyFactAttribute()
    {
        var mode = TestKafkaModeSelection.ModeOrNull;
        if (mode is TestKafkaMode.External)
        {
            Skip = $"needs the embedded cluster's fault injection; {TestKafkaModeSelection.BootstrapVariable} points at a real cluster";
        }
        else if (mode is TestKafkaMode.Container)
        {
            Skip = $"needs the embedded cluster's fault injection; {TestKafkaModeSelection.ModeVariable}={TestKafkaModeSelection.ContainerValue} runs on a real Kafka container";
        }
    }
}
