namespace StatusStream.Tests.Telemetry;

/// <summary>
/// Tests that turn traces on run alone: an activity listener is process-wide, and other tests
/// assert that a traceparent passes through unchanged when traces are off.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracingCollection
{
    public const string Name = "tracing";
}
