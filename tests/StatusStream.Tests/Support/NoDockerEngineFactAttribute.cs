using DotNet.Testcontainers.Configurations;

namespace StatusStream.Tests.Support;

/// <summary>
/// A test of what happens without a Docker engine: skipped, with the reason, where Testcontainers'
/// own discovery finds one (there the container mode simply runs).
/// </summary>
public sealed class NoDockerEngineFactAttribute : FactAttribute
{
    public NoDockerEngineFactAttribute()
    {
        var endpoint = TestcontainersSettings.OS.DockerEndpointAuthConfig?.Endpoint;
        if (endpoint is not null)
        {
            Skip = $"a Docker engine is reachable at {endpoint}: {TestKafkaModeSelection.ModeVariable}={TestKafkaModeSelection.ContainerValue} runs the suite on it";
        }
    }
}
