using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StatusStream.Health;
using StatusStream.Kafka;

namespace StatusStream.Tests.Health;

public sealed class KafkaReachabilityTests
{
    [Fact]
    public async Task CheckAsync_ClientCannotBeCreated_ReportsUnreachableEveryTime_WithoutThrowingOrQuotingTheValue()
    {
        // librdkafka refuses the value when the client is made; the settings check at start would catch this one, the probe
        // must not throw on every call for whatever it does not.
        var kafka = new KafkaOptions { BootstrapServers = "127.0.0.1:9", ClientProperties = { ["socket.timeout.ms"] = "s3cret-not-a-number" } };
        var clock = new FakeTimeProvider();
        using var reachability = new KafkaReachability(Options.Create(kafka), Options.Create(new HealthOptions()), clock,
            NullLogger<KafkaReachability>.Instance);

        for (var probe = 0; probe < 2; probe++)
        {
            var (up, detail) = await reachability.CheckAsync(CancellationToken.None);

            Assert.False(up);
            Assert.StartsWith("the readiness probe's Kafka client cannot be created (", detail, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret", detail, StringComparison.Ordinal);
            // Past the cached answer: the next probe tries to make the client again.
            clock.Advance(KafkaReachability.CacheFor);
        }
    }
}
