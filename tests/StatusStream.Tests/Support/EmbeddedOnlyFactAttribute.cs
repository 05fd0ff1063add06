namespace StatusStream.Tests.Support;

/// <summary>A test that injects faults into the embedded cluster; skipped (and reported as skipped) on a real cluster.</summary>
public sealed class EmbeddedOnlyFactAttribute : FactAttribute
{
    public EmbeddedOnlyFactAttribute()
    {
        if (TestKafka.RealClusterBootstrap is not null)
        {
            Skip = $"needs the embedded cluster's fault injection; {TestKafka.RealClusterVariable} points at a real cluster";
        }
    }
}
