namespace StatusStream.Tests.Support;

/// <summary>The container mode's failure path, through Testcontainers itself: fast, one line, no fallback.</summary>
public sealed class KafkaTestContainerTests
{
    private static readonly TimeSpan FailFast = TimeSpan.FromSeconds(15);

    [NoDockerEngineFact]
    public async Task SharedBootstrapServers_NoDockerEngine_FailsFastWithOneLineNamingTheVariable()
    {
        var started = TimeProvider.System.GetTimestamp();

        // The fixture's own path: the run's shared container, found by Testcontainers' discovery.
        var failure = await Assert.ThrowsAsync<TestKafkaUnavailableException>(() => Task.Run(KafkaTestContainer.SharedBootstrapServers));

        Assert.True(TimeProvider.System.GetElapsedTime(started) < FailFast, $"took {TimeProvider.System.GetElapsedTime(started)}");
        AssertOneClearLine(failure.Message);
        // Testcontainers' DockerUnavailableException, summarised: what it concluded and the endpoint it tried.
        Assert.Contains("but no Docker engine is reachable (Failed to connect to Docker endpoint at '", failure.Message, StringComparison.Ordinal);
        Assert.Null(failure.InnerException);
        // Cached: every other fixture of the run fails at once with the same line.
        var again = Assert.Throws<TestKafkaUnavailableException>(KafkaTestContainer.SharedBootstrapServers);
        Assert.Equal(failure.Message, again.Message);
    }

    [Fact]
    public async Task StartAsync_DockerEndpointRefusesConnections_FailsFastWithOneLine()
    {
        var endpoint = $"unix://{Path.Combine(Path.GetTempPath(), TestKafka.Unique("no-engine-"), "docker.sock")}";
        var started = TimeProvider.System.GetTimestamp();

        var failure = await Assert.ThrowsAsync<TestKafkaUnavailableException>(() => KafkaTestContainer.StartAsync(KafkaTestContainer.DefaultImage, endpoint));

        Assert.True(TimeProvider.System.GetElapsedTime(started) < FailFast, $"took {TimeProvider.System.GetElapsedTime(started)}");
        Assert.NotNull(failure.InnerException);
        AssertOneClearLine(failure.Message);
        Assert.Contains($"the {KafkaTestContainer.DefaultImage} container did not start", failure.Message, StringComparison.Ordinal);
    }

    private static void AssertOneClearLine(string message)
    {
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain('\r', message);
        Assert.StartsWith("STATUSSTREAM_TEST_KAFKA=container, but ", message, StringComparison.Ordinal);
        Assert.EndsWith("unset it to use the embedded cluster, or set STATUSSTREAM_TEST_BOOTSTRAP=host:port for a running one.", message, StringComparison.Ordinal);
    }
}
