using Confluent.Kafka;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Cli;

/// <summary>`statusstream status` as an operator types it: no flags beyond where the cluster is.</summary>
public sealed class StatusCommandTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Status_DefaultFlags_PrintsEveryPartitionInColumns_ExitsZero()
    {
        // Twelve partitions, so some names are one character longer than others.
        var topics = PipelineTopics.Create(kafka, inputPartitions: 12);
        using var producer = kafka.CreateProducer();
        SampleEvents.Produce(producer, topics.Input, "not json"u8.ToArray());
        producer.Flush();

        using var app = AppProcess.Start("status", "--bootstrap-servers", kafka.BootstrapServers, "--group-id", topics.GroupId,
            "--input-topics", topics.Input, "--set", $"Kafka:InboundTopic={topics.Inbound}",
            "--set", $"Kafka:RetryTopic={topics.Retry}", "--set", $"Kafka:DeadLetterTopic={topics.DeadLetter}");
        Assert.True(await app.WaitForExitAsync(Deadline) == 0, app.StandardError);

        var output = app.StandardOutput;
        Assert.Contains(output, l => l.StartsWith($"statusstream status at ", StringComparison.Ordinal) && l.EndsWith($"(group {topics.GroupId})", StringComparison.Ordinal));
        Assert.Contains("input: lag 1 in all (partition, committed, end, lag):", output);
        var rows = output.Where(l => l.StartsWith($"  {topics.Input}[", StringComparison.Ordinal) || l.StartsWith($"  {topics.Inbound}[", StringComparison.Ordinal)).ToList();
        Assert.Equal(12 + 2, rows.Count);
        // Every row's numbers end in the same column, whatever the length of its partition's name.
        Assert.Single(rows.Select(r => r.Length).Distinct());
        Assert.Single(rows, r => r.EndsWith(" 1         1", StringComparison.Ordinal));
        Assert.Contains("retry backlog: 0 due now, 0 due within 60 s, 0 later (0 uncommitted on " + topics.Retry + ")", output);
        Assert.Contains("dead letters: 0", output);
    }

    [Theory]
    [InlineData("status", "Kafka:InputTopics")]
    [InlineData("status", "Kafka:DeadLetterTopic")]
    [InlineData("dlq list", "Kafka:DeadLetterTopic")]
    public async Task MissingTopic_ExitsOneNamingTopicAndSetting_CreatesNothing(string command, string setting)
    {
        var topics = PipelineTopics.Create(kafka);
        var missing = TestKafka.Unique("typo-");
        string[] settings = ["--bootstrap-servers", kafka.BootstrapServers, "--group-id", topics.GroupId, "--input-topics", topics.Input,
            "--set", $"Kafka:InboundTopic={topics.Inbound}", "--set", $"Kafka:RetryTopic={topics.Retry}", "--set", $"Kafka:DeadLetterTopic={topics.DeadLetter}"];

        using var app = AppProcess.Start([.. command.Split(' '), .. settings, "--set", $"{setting}={missing}"]);
        Assert.Equal(1, await app.WaitForExitAsync(Deadline));

        Assert.Contains($"topic '{missing}' ({setting}) does not exist on the cluster at {kafka.BootstrapServers}", app.StandardError, StringComparison.Ordinal);
        // Asking about a topic must not create it (an admin client is a producer, which may create topics on a broker that allows it).
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        Assert.DoesNotContain(admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics, t => t.Topic == missing);
    }
}
