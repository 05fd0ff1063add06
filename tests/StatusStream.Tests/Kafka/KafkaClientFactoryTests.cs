using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using StatusStream.Kafka;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Kafka;

public sealed class KafkaClientFactoryTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Producer_NoBrokerAtTheAddress_LogsEachErrorKindOncePerWindowThenSaysHowManyItStoodFor()
    {
        // Reconnecting every 10 ms: librdkafka reports the refused connection many times while the fake clock stands still.
        var config = new ProducerConfig
        {
            BootstrapServers = $"127.0.0.1:{LoopbackPort.Unused()}",
            ReconnectBackoffMs = 10,
            ReconnectBackoffMaxMs = 10,
        };
        var time = new CountingTimeProvider();
        var logger = new FakeLogger<KafkaClientFactoryTests>();
        var factory = new KafkaClientFactory(time, NullLogger<KafkaClientFactory>.Instance);

        using var producer = factory.Producer(config, new ClientLogging(logger, "producer"));

        // Every error the client reports asks the throttle's clock once: six reports hold at least three of one kind.
        await Poll.UntilAsync(() => time.Reads >= 6, Deadline, () => $"{time.Reads} errors reported");
        var inWindow = ErrorLines(logger);
        Assert.Contains(inWindow, line => line.Message.Contains("Local_Transport", StringComparison.Ordinal));
        Assert.All(inWindow.GroupBy(line => line.Message.Split(':')[0]), kind => Assert.Single(kind));
        Assert.All(inWindow, line => Assert.DoesNotContain("more like it", line.Message, StringComparison.Ordinal));

        time.Advance(ClientLogThrottle.DefaultWindow);
        await Poll.UntilAsync(() => ErrorLines(logger).Count(IsTransport) == 2, Deadline, () => $"{ErrorLines(logger).Count(IsTransport)} transport error lines");
        Assert.Matches(@"\(and [1-9][0-9]* more like it in the last 30 s\)$", ErrorLines(logger).Where(IsTransport).Last().Message);
    }

    [Fact]
    public async Task Consumer_LibrdkafkaLogLine_ReachesTheOwnersLoggerAsEvent4005()
    {
        // debug=broker makes librdkafka log its broker state changes: lines that used to be thrown away.
        var config = new ConsumerConfig { BootstrapServers = $"127.0.0.1:{LoopbackPort.Unused()}", GroupId = "factory-test", Debug = "broker" };
        var logger = new FakeLogger<KafkaClientFactoryTests>();
        var factory = new KafkaClientFactory(new FakeTimeProvider(), NullLogger<KafkaClientFactory>.Instance);

        using var consumer = factory.Consumer(config, new ClientLogging(logger, "consumer")).Build();
        consumer.Subscribe("factory-test");
        _ = consumer.Consume(TimeSpan.FromMilliseconds(50));

        await Poll.UntilAsync(() => logger.Collector.GetSnapshot().Any(r => r.Id.Id == 4005), Deadline, () => "no librdkafka log line");
        var line = logger.Collector.GetSnapshot().First(r => r.Id.Id == 4005);
        Assert.Equal(LogLevel.Debug, line.Level);
        Assert.StartsWith("librdkafka consumer ", line.Message, StringComparison.Ordinal);
        consumer.Close();
    }

    private static List<FakeLogRecord> ErrorLines(FakeLogger logger) =>
        [.. logger.Collector.GetSnapshot().Where(r => r.Id.Id == 4006)];

    private static bool IsTransport(FakeLogRecord line) => line.Message.Contains("error Local_Transport:", StringComparison.Ordinal);

    /// <summary>A fake clock that counts how often it is read: the throttle reads it once per report.</summary>
    private sealed class CountingTimeProvider : FakeTimeProvider
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public override long GetTimestamp()
        {
            Interlocked.Increment(ref _reads);
            return base.GetTimestamp();
        }
    }
}
