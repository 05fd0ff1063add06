using System.Diagnostics.Metrics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using StatusStream.Embedded;
using StatusStream.Telemetry;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Telemetry;

/// <summary>The instruments on the embedded cluster: one status delivered at once, one after a retry, one record dead-lettered.</summary>
public sealed class StatusStreamMetricsTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    [EmbeddedOnlyFact]
    public async Task DeliveredRetriedAndDeadLettered_CountersAndLatencyMove()
    {
        var topics = PipelineTopics.Create(kafka);
        var plain = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        var flaky = PipelineTopics.CreateCallbackTopic(kafka, partitions: 1);
        kafka.Embedded!.PushPartitionRequestErrors(flaky, 0, KafkaApiKey.Produce, ErrorCode.TopicAuthorizationFailed);
        using var reader = new TopicReader(kafka, plain, flaky, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics, new Dictionary<string, string?>
        {
            ["Retry:BackoffFactor"] = "0.1",
            ["Telemetry:KafkaStatisticsIntervalSeconds"] = "0.2",
        });
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        using var delivered = Collect<long>(factory, StatusStreamMetrics.StatusesDelivered);
        using var retried = Collect<long>(factory, StatusStreamMetrics.StatusesRetried);
        using var deadLetters = Collect<long>(factory, StatusStreamMetrics.DeadLetters);
        using var latency = Collect<double>(factory, StatusStreamMetrics.EndToEndDuration);
        using var consumed = Collect<long>(factory, StatusStreamMetrics.ConsumedMessages);
        using var sent = Collect<long>(factory, StatusStreamMetrics.SentMessages);
        using var inFlight = Collect<long>(factory, StatusStreamMetrics.InFlightStatuses);
        using var lag = Collect<long>(factory, StatusStreamMetrics.ConsumerLag);
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, SampleEvents.Multicast(plain, recipients: 1).Json);
        SampleEvents.Produce(producer, topics.Input, SampleEvents.Multicast(flaky, recipients: 1).Json);
        SampleEvents.Produce(producer, topics.Input, Encoding.UTF8.GetBytes("not json"));
        producer.Flush();
        await reader.WaitForAsync(plain, 1, Deadline);
        await reader.WaitForAsync(flaky, 1, Deadline);
        await reader.WaitForAsync(topics.DeadLetter, 1, Deadline);
        await Poll.UntilAsync(() => Sum(delivered) == 2 && Sum(deadLetters) == 1, Deadline,
            () => $"delivered {Sum(delivered)}, dead letters {Sum(deadLetters)}");

        var deliveries = delivered.GetMeasurementSnapshot();
        Assert.All(deliveries, m => Assert.Equal("kafka", m.Tags[TelemetryTags.RouteKind]));
        Assert.Single(deliveries, m => m.Tags[TelemetryTags.Retried] is false);
        Assert.Single(deliveries, m => m.Tags[TelemetryTags.Retried] is true);
        // The mock may fail one more produce of the partition than pushed: one or two retries, the first for attempt 2.
        var retries = retried.GetMeasurementSnapshot();
        Assert.InRange(retries.Count, 1, 2);
        Assert.Equal("2", retries[0].Tags[TelemetryTags.Attempt]);
        Assert.Equal("kafka", retries[0].Tags[TelemetryTags.RouteKind]);
        var deadLetter = Assert.Single(deadLetters.GetMeasurementSnapshot());
        Assert.Equal("not-json", deadLetter.Tags[TelemetryTags.DeadLetterReason]);
        Assert.Equal("intake", deadLetter.Tags[TelemetryTags.DeadLetterStage]);
        var latencies = latency.GetMeasurementSnapshot();
        Assert.Equal(2, latencies.Count);
        Assert.All(latencies, m => Assert.InRange(m.Value, 0, Deadline.TotalSeconds));
        // The retried status waited for its retry (backoff 0.1 s), so it took longer than nothing.
        Assert.True(latencies.Max(m => m.Value) >= 0.1, $"latencies {string.Join(", ", latencies.Select(m => m.Value))}");

        Assert.Equal(3, consumed.GetMeasurementSnapshot().Where(m => Tag(m.Tags, TelemetryTags.Loop) == "input").Sum(m => m.Value));
        Assert.InRange(consumed.GetMeasurementSnapshot().Where(m => Tag(m.Tags, TelemetryTags.Loop) == "retry").Sum(m => m.Value), 1, 2);
        Assert.Equal(1, sent.GetMeasurementSnapshot().Where(m => Tag(m.Tags, TelemetryTags.DestinationName) == topics.DeadLetter).Sum(m => m.Value));
        Assert.Equal(2, sent.GetMeasurementSnapshot().Where(m => Tag(m.Tags, TelemetryTags.RouteKind) == "kafka").Sum(m => m.Value));
        Assert.DoesNotContain(sent.GetMeasurementSnapshot(), m => m.Tags.Values.Contains(plain) || m.Tags.Values.Contains(flaky));

        // Everything acknowledged: nothing in flight; the lag of every input partition is reported (and caught up).
        await Poll.UntilAsync(() =>
        {
            inFlight.RecordObservableInstruments();
            return inFlight.LastMeasurement is not null && inFlight.GetMeasurementSnapshot().TakeLast(2).All(m => m.Value == 0);
        }, Deadline, () => "statuses still in flight");
        await Poll.UntilAsync(() =>
        {
            lag.Clear();
            lag.RecordObservableInstruments();
            var input = lag.GetMeasurementSnapshot().Where(m => Tag(m.Tags, TelemetryTags.DestinationName) == topics.Input).ToList();
            return input.Count == 4 && input.All(m => m.Value == 0);
        }, Deadline, () => $"lag: {string.Join(", ", lag.GetMeasurementSnapshot().Select(m => $"{m.Tags[TelemetryTags.DestinationName]}[{m.Tags[TelemetryTags.PartitionId]}]={m.Value}"))}");
        var totals = host.Services.GetRequiredService<StatusStreamMetrics>().Totals();
        Assert.Equal((3L, 2L, 1L), (totals.RecordsConsumed, totals.StatusesDelivered, totals.DeadLetters));
    }

    private static MetricCollector<T> Collect<T>(IMeterFactory factory, string instrument)
        where T : struct => new(factory, StatusStreamMetrics.MeterName, instrument);

    private static string? Tag(IReadOnlyDictionary<string, object?> tags, string name) => tags.TryGetValue(name, out var value) ? value as string : null;

    private static long Sum(MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(m => m.Value);
}
