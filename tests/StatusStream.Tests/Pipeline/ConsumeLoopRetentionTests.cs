using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using StatusStream.Pipeline;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Pipeline;

/// <summary>
/// A consumer whose committed position the broker's retention already dropped (the embedded cluster
/// keeps about 5 MB per partition) is moved on by auto.offset.reset; the loop says so, with how many
/// records were never processed, instead of skipping them silently.
/// </summary>
public sealed class ConsumeLoopRetentionTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    [EmbeddedOnlyFact]
    public async Task CommittedPositionDroppedByRetention_WarnsWithTheRecordsSkipped()
    {
        var topics = PipelineTopics.Create(kafka, inputPartitions: 1);
        var input = new TopicPartition(topics.Input, 0);
        using (var committer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = topics.GroupId }).Build())
        {
            committer.Commit([new TopicPartitionOffset(input, 1)]);
        }

        // 12 MB into one partition: the oldest ~7 MB, offset 1 among them, are dropped.
        using (var producer = kafka.CreateProducer())
        {
            var value = new byte[100_000];
            for (var i = 0; i < 120; i++)
            {
                producer.Produce(input, new Message<byte[], byte[]> { Value = value });
            }

            producer.Flush();
        }

        long low;
        using (var probe = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = TestKafka.Unique("probe-") }).Build())
        {
            low = probe.QueryWatermarkOffsets(input, TimeSpan.FromSeconds(10)).Low.Value;
        }

        Assert.True(low > 1, $"retention kept offset 1 (low watermark {low}); the test needs it dropped");

        await using var host = await PipelineHost.StartAsync(kafka, topics, configure: b => b.Logging.AddFakeLogging());
        var logs = host.Services.GetRequiredService<FakeLogCollector>();
        await Poll.UntilAsync(() => logs.GetSnapshot().Any(r => r.Id.Id == 3101), TimeSpan.FromSeconds(30), () => "no records-skipped warning");

        var warning = logs.GetSnapshot().First(r => r.Id.Id == 3101);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(typeof(StatusPipelineService).FullName, warning.Category);
        Assert.Contains($"position in {topics.Input}[0] no longer exists", warning.Message, StringComparison.Ordinal);
        Assert.Contains($"from offset 1 to {low} ({low - 1} records never processed", warning.Message, StringComparison.Ordinal);
    }
}
