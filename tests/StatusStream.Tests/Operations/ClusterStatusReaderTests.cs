using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StatusStream.Embedded;
using StatusStream.Kafka;
using StatusStream.Operations;
using StatusStream.Records;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Operations;

/// <summary>The operator view against a running processor: lag per input partition, a parked retry, a dead letter.</summary>
public sealed class ClusterStatusReaderTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    [EmbeddedOnlyFact]
    public async Task Read_RunningProcessor_LagCaughtUp_RetryWaitingLater_DeadLetterByReason()
    {
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        kafka.Embedded!.PushPartitionRequestErrors(callback, 0, KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed, ErrorCode.TopicAuthorizationFailed);
        using var reader = new TopicReader(kafka, topics.Retry, topics.DeadLetter);
        // The first retry waits 120 s: it is still held (uncommitted) while the status is read.
        await using var host = await PipelineHost.StartAsync(kafka, topics, new Dictionary<string, string?> { ["Retry:BackoffFactor"] = "120", ["Retry:BackoffMax"] = "120" });
        var options = host.Services.GetRequiredService<IOptions<KafkaOptions>>().Value;
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, SampleEvents.Multicast(callback, recipients: 1).Json);
        SampleEvents.Produce(producer, topics.Input, Encoding.UTF8.GetBytes("not json"));
        producer.Flush();
        await reader.WaitForAsync(topics.Retry, 1, Deadline);
        await reader.WaitForAsync(topics.DeadLetter, 1, Deadline);

        ClusterStatus? status = null;
        await Poll.UntilAsync(() =>
        {
            status = ClusterStatusReader.Read(options, new KafkaClientFactory(TimeProvider.System, NullLogger<KafkaClientFactory>.Instance), TimeProvider.System, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
            return status.Input.Sum(p => p.Lag) == 0 && status.Input.Any(p => p.Committed is not null);
        }, Deadline, () => $"input lag {status?.Input.Sum(p => p.Lag)}");

        // Every partition the input loop reads: the event topic's four and the inbound topic's two.
        Assert.Equal(6, status!.Input.Count);
        Assert.Equal(4, status.Input.Count(p => p.Topic == topics.Input));
        Assert.Equal(2, status.Input.Count(p => p.Topic == topics.Inbound));
        Assert.Equal(2, status.Input.Sum(p => p.End));
        Assert.Equal((0, 0, 1), (status.RetryDueNow, status.RetryDueSoon, status.RetryDueLater));
        Assert.Equal(new Dictionary<string, int> { ["not-json"] = 1 }, status.DeadLettersByReason);
        var text = ClusterStatusText.Format(status, TimeProvider.System.GetUtcNow(), TimeSpan.FromSeconds(60));
        Assert.Contains("retry backlog: 0 due now, 0 due within 60 s, 1 later", text, StringComparison.Ordinal);
        Assert.Contains("     1  not-json", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_RetryAndItsReparkedCopyBothPastTheCommittedOffset_CountedOnce()
    {
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        using var reader = new TopicReader(kafka, topics.Retry);
        using var producer = kafka.CreateProducer();
        var now = TimeProvider.System.GetUtcNow();
        ParkedStatuses.Park(producer, topics.Retry, callback, now.AddHours(1), partition: 0, topics.GroupId);
        ParkedStatuses.Park(producer, topics.Retry, callback, now.AddSeconds(-1), partition: 1, topics.GroupId);
        producer.Flush();
        await reader.WaitForAsync(topics.Retry, 2, Deadline);
        // The copy the retry consumer writes when it re-parks a record not due within Retry:HoldSeconds.
        var original = reader.On(topics.Retry).Single(r => r.Partition.Value == 0);
        producer.Produce(new TopicPartition(topics.Retry, 0), StatusStream.Retry.RetryRecord.Reparked(original.Message, topics.GroupId));
        producer.Flush();
        await reader.WaitForAsync(topics.Retry, 3, Deadline);
        var status = ReadWithoutProcessor(topics);

        Assert.Equal((1, 0, 1), (status.RetryDueNow, status.RetryDueSoon, status.RetryDueLater));
        Assert.Equal(3, status.Retry.Sum(p => p.Lag));
    }

    [Fact]
    public async Task Read_SettledAndBehindAHeldRecord_CountedApartFromTheDueNowBacklog()
    {
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        using var reader = new TopicReader(kafka, topics.Retry);
        using var producer = kafka.CreateProducer();
        var now = TimeProvider.System.GetUtcNow();
        // Partition 0: a record held for an hour, then one due now behind it (a running consumer has delivered it).
        ParkedStatuses.Park(producer, topics.Retry, callback, now.AddHours(1), partition: 0, topics.GroupId);
        ParkedStatuses.Park(producer, topics.Retry, callback, now.AddSeconds(-1), partition: 0, topics.GroupId);
        // Partition 1: due now, first in line: the real backlog.
        ParkedStatuses.Park(producer, topics.Retry, callback, now.AddSeconds(-1), partition: 1, topics.GroupId);
        // Partition 2: due now, but failed again and parked for its next attempt (held for an hour).
        var failedAgain = ParkedStatuses.Park(producer, topics.Retry, callback, now.AddSeconds(-1), partition: 2, topics.GroupId);
        // Partition 3: due now, but dead-lettered since.
        var gaveUp = ParkedStatuses.Park(producer, topics.Retry, callback, now.AddSeconds(-1), partition: 3, topics.GroupId);
        producer.Flush();
        await reader.WaitForAsync(topics.Retry, 5, Deadline);
        var first = reader.On(topics.Retry).Single(r => r.Partition.Value == 2);
        var next = new Headers();
        foreach (var header in first.Message.Headers.Where(h => h.Key is not (RetryHeaders.Attempt or RetryHeaders.DueAt)))
        {
            next.Add(header.Key, header.GetValueBytes());
        }

        next.Add(RetryHeaders.Attempt, "3"u8.ToArray());
        next.Add(RetryHeaders.DueAt, Encoding.UTF8.GetBytes(now.AddHours(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        producer.Produce(new TopicPartition(topics.Retry, 2), new Message<byte[], byte[]> { Key = first.Message.Key, Value = first.Message.Value, Headers = next });
        producer.Produce(topics.DeadLetter, new Message<byte[], byte[]>
        {
            Value = "{}"u8.ToArray(),
            Headers = new Headers
            {
                { DeadLetterHeaders.Reason, "retries-exhausted"u8.ToArray() },
                { StatusHeaders.StatusId, Encoding.UTF8.GetBytes(gaveUp.StatusId) },
                { DeadLetterHeaders.DeadLetteredAt, Encoding.UTF8.GetBytes(TimeProvider.System.GetUtcNow().AddSeconds(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture)) },
            },
        });
        producer.Flush();
        await reader.WaitForAsync(topics.Retry, 6, Deadline);
        Assert.Equal(failedAgain.StatusId, HeaderText.GetOrNull(reader.On(topics.Retry).Last(r => r.Partition.Value == 2).Message.Headers, StatusHeaders.StatusId));
        var status = ReadWithoutProcessor(topics);

        Assert.Equal((1, 0, 2), (status.RetryDueNow, status.RetryDueSoon, status.RetryDueLater));
        Assert.Equal((1, 2), (status.RetryDueBehindHeld, status.RetrySettled));
        var text = ClusterStatusText.Format(status, TimeProvider.System.GetUtcNow(), TimeSpan.FromSeconds(60));
        Assert.Contains("retry backlog: 1 due now, 0 due within 60 s, 2 later (6 uncommitted on ", text, StringComparison.Ordinal);
        Assert.Contains("not counted above: 2 settled, not yet committed (parked again or dead-lettered); 1 due but behind a record held until later", text, StringComparison.Ordinal);
    }

    /// <summary>The status of <paramref name="topics"/> read as the command does, with no processor running.</summary>
    private ClusterStatus ReadWithoutProcessor(PipelineTopics topics) => ClusterStatusReader.Read(
        new KafkaOptions
        {
            BootstrapServers = kafka.BootstrapServers, GroupId = topics.GroupId, InputTopics = topics.Input, InboundTopic = topics.Inbound,
            RetryTopic = topics.Retry, DeadLetterTopic = topics.DeadLetter,
        },
        new KafkaClientFactory(TimeProvider.System, NullLogger<KafkaClientFactory>.Instance), TimeProvider.System,
        TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
}
