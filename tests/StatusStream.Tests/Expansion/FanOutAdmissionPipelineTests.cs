using System.Text;
using StatusStream.Expansion;
using StatusStream.Records;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Expansion;

/// <summary>
/// Hostile inputs through the whole pipeline: refused at intake and dead-lettered with the reason, while
/// the event after them is still delivered (which is also how a test knows the refused one had its chance to fan out).
/// </summary>
public sealed class FanOutAdmissionPipelineTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    [Fact]
    public async Task AmplificationEvent_DeadLetteredNamingTheLimit_NoStatusProduced()
    {
        // The reproduction: a 400 KB provider and 1,000 recipients, 479 KB of input that became about
        // 400 MB of callback records.
        var topics = PipelineTopics.Create(kafka, inputPartitions: 1);
        var callback = PipelineTopics.CreateCallbackTopic(kafka);
        var amplification = SampleEvents.Multicast(callback, recipients: 1000, provider: new string('p', 400 * 1024));
        Assert.InRange(amplification.Json.Length, 470_000, 500_000);
        var after = SampleEvents.Multicast(callback, recipients: 2);
        using var reader = new TopicReader(kafka, callback, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics);
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, amplification.Json);
        SampleEvents.Produce(producer, topics.Input, after.Json);
        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 1);
        await reader.WaitForAsync(callback, 2);

        var deadLetter = Assert.Single(reader.On(topics.DeadLetter));
        Assert.Equal("limit-exceeded", SampleEvents.Header(deadLetter, DeadLetterHeaders.Reason));
        Assert.Equal("provider: 409600 characters, more than Intake:MaxProviderLength = 128", SampleEvents.Header(deadLetter, DeadLetterHeaders.Detail));
        Assert.Equal("0", SampleEvents.Header(deadLetter, DeadLetterHeaders.OriginalOffset));
        Assert.Equal(amplification.Json, deadLetter.Message.Value);
        Assert.All(reader.On(callback), r => Assert.Equal(after.EventId, NotificationStatusJson.Deserialize(r.Message.Value).EventId));
        Assert.Equal(2, reader.On(callback).Count);
    }

    [Fact]
    public async Task SameRecipientTwice_DeadLetteredAsDuplicateRecipient_NoStatusProduced()
    {
        // Two statuses with one status-id and different content: a receiver deduplicating on status-id would drop one.
        var topics = PipelineTopics.Create(kafka, inputPartitions: 1);
        var callback = PipelineTopics.CreateCallbackTopic(kafka);
        var recipient = Guid.NewGuid();
        var duplicate = Encoding.UTF8.GetBytes($$"""
            {"event_id":"{{Guid.NewGuid()}}","provider":"email","callback":{"type":"kafka","target":"{{callback}}"},
             "recipients":[{"recipient":"{{recipient}}","success":false,"error":"mailbox full"},{"recipient":"{{Guid.NewGuid()}}","success":true,"error":""},{"recipient":"{{recipient}}","success":true,"error":""}]}
            """);
        var after = SampleEvents.Multicast(callback, recipients: 1);
        using var reader = new TopicReader(kafka, callback, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics);
        using var producer = kafka.CreateProducer();

        SampleEvents.Produce(producer, topics.Input, duplicate);
        SampleEvents.Produce(producer, topics.Input, after.Json);
        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 1);
        await reader.WaitForAsync(callback, 1);

        var deadLetter = Assert.Single(reader.On(topics.DeadLetter));
        Assert.Equal("duplicate-recipient", SampleEvents.Header(deadLetter, DeadLetterHeaders.Reason));
        Assert.Equal($"recipients[2].recipient: {recipient:D} is already listed at recipients[0]", SampleEvents.Header(deadLetter, DeadLetterHeaders.Detail));
        Assert.Equal(after.EventId, NotificationStatusJson.Deserialize(Assert.Single(reader.On(callback)).Message.Value).EventId);
    }

    [Fact]
    public async Task ConfiguredLimits_ApplyToRecipientsAndOutputBytes()
    {
        var topics = PipelineTopics.Create(kafka, inputPartitions: 1);
        var callback = PipelineTopics.CreateCallbackTopic(kafka);
        var three = SampleEvents.Multicast(callback, recipients: 3);
        var bulky = SampleEvents.Multicast(callback, recipients: 2, provider: new string('p', 500));
        var two = SampleEvents.Multicast(callback, recipients: 2, provider: new string('p', 100));
        using var reader = new TopicReader(kafka, callback, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics, new Dictionary<string, string?>
        {
            ["Intake:MaxRecipientsPerEvent"] = "2",
            ["Intake:MaxProviderLength"] = "512",
            ["Intake:MaxOutputBytesPerEvent"] = "1024",
        });
        using var producer = kafka.CreateProducer();

        foreach (var json in new[] { three.Json, bulky.Json, two.Json })
        {
            SampleEvents.Produce(producer, topics.Input, json);
        }

        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 2);
        await reader.WaitForAsync(callback, 2);

        // Two status records with a 500-character provider are about 1,600 bytes (JSON, keys and headers); with a 100-character one about 800.
        var deadLetters = reader.On(topics.DeadLetter).OrderBy(r => SampleEvents.Header(r, DeadLetterHeaders.OriginalOffset), StringComparer.Ordinal).ToList();
        Assert.Equal(["limit-exceeded", "limit-exceeded"], deadLetters.Select(r => SampleEvents.Header(r, DeadLetterHeaders.Reason)));
        Assert.Equal("recipients: 3 recipients, more than Intake:MaxRecipientsPerEvent = 2", SampleEvents.Header(deadLetters[0], DeadLetterHeaders.Detail));
        Assert.Matches(@"^statuses of 2 recipients: 1\d{3} bytes of records \(JSON, keys and headers\), more than Intake:MaxOutputBytesPerEvent = 1024$", SampleEvents.Header(deadLetters[1], DeadLetterHeaders.Detail));
        Assert.Equal(["0", "1"], deadLetters.Select(r => SampleEvents.Header(r, DeadLetterHeaders.OriginalOffset)));
        Assert.All(reader.On(callback), r => Assert.Equal(two.EventId, NotificationStatusJson.Deserialize(r.Message.Value).EventId));
        Assert.Equal(2, reader.On(callback).Count);
    }
}
