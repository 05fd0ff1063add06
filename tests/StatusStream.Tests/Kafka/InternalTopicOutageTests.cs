using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using StatusStream.Embedded;
using StatusStream.Kafka;
using StatusStream.Records;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Kafka;

/// <summary>The retry topic refuses records for longer than the client's delivery timeout: the host holds, then delivers everything.</summary>
public sealed class InternalTopicOutageTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [EmbeddedOnlyFact]
    public async Task RetryTopicRefusesPastTheDeliveryTimeout_HostKeepsTryingAndNothingIsLost()
    {
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        using var reader = new TopicReader(kafka, callback, topics.Retry);
        // The callback refuses the first produce, so the status must be parked; then every partition of
        // the retry topic refuses more produce requests than librdkafka retries within its 1 s delivery timeout.
        kafka.Embedded!.PushPartitionRequestErrors(callback, 0, KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed);
        for (var partition = 0; partition < 4; partition++)
        {
            kafka.Embedded.PushPartitionRequestErrors(topics.Retry, partition, KafkaApiKey.Produce, Enumerable.Repeat(ErrorCode.NotEnoughReplicas, 12).ToArray());
        }

        await using var host = await PipelineHost.StartAsync(kafka, topics, new Dictionary<string, string?>
        {
            ["Kafka:DeliveryTimeoutSeconds"] = "1",
            ["Retry:BackoffFactor"] = "0.1",
        });
        using var producer = kafka.CreateProducer();
        var sent = SampleEvents.Multicast(callback, recipients: 1);

        SampleEvents.Produce(producer, topics.Input, sent.Json);
        producer.Flush();
        var writer = host.Services.GetRequiredService<InternalTopicWriter>();
        var failures = host.Services.GetRequiredService<PipelineFailures>();
        // The outage really outlasted the client's own retries: the writer holds the record.
        await Poll.UntilAsync(() => writer.Held > 0, Deadline, () => "the retry topic's refusal never outlasted the delivery timeout");
        await reader.WaitForAsync(callback, 1, Deadline);

        Assert.False(failures.IsFatal, failures.FatalReason);
        Assert.Equal($"{sent.EventId:D}:{sent.Recipients[0]:D}", SampleEvents.Header(reader.On(callback)[0], StatusHeaders.StatusId));
        Assert.Equal(0, writer.Held);
    }
}
