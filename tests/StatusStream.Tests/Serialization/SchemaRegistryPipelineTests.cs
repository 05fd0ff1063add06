using System.Text;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using StatusStream.Expansion;
using StatusStream.Records;
using StatusStream.Serialization;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Serialization;

/// <summary>
/// Serialization:SchemaRegistry end to end: the real processor on the test cluster, a fake registry over HTTP, and
/// Confluent's own JsonDeserializer reading what arrives on the callback topic.
/// </summary>
public sealed class SchemaRegistryPipelineTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private const string Username = "statusstream-sr";
    private const string Password = "sr-password-9d41be";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WireFormatAndPlainInput_BothProcessed_CallbacksCarryTheRegisteredIdAndDeserialize_NoSecretInLogs()
    {
        await using var registry = await FakeSchemaRegistry.StartAsync(firstId: 9001);
        registry.RequireBasicAuth = $"{Username}:{Password}";
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka);
        using var reader = new TopicReader(kafka, callback, topics.DeadLetter);
        await using var host = await StartAsync(topics, registry);
        using var producer = kafka.CreateProducer();
        var framed = SampleEvents.Multicast(callback, recipients: 3);
        var plain = SampleEvents.Multicast(callback, recipients: 2);
        // The input's schema id is not looked up (docs/schema-registry.md): any id reads the same.
        var framedValue = ConfluentWireFormat.Frame(123456, framed.Json);
        var brokenValue = ConfluentWireFormat.Frame(123456, "{\"event_id\":"u8);

        SampleEvents.Produce(producer, topics.Input, framedValue, key: "same-partition");
        SampleEvents.Produce(producer, topics.Input, plain.Json, key: "same-partition");
        SampleEvents.Produce(producer, topics.Input, brokenValue, key: "same-partition");
        producer.Flush();
        await reader.WaitForAsync(callback, 5, Deadline);
        await reader.WaitForAsync(topics.DeadLetter, 1, Deadline);

        var schemaId = Assert.Single(registry.IdsOf($"{callback}-value"));
        Assert.Equal(9001, schemaId);
        Assert.Equal(await File.ReadAllTextAsync(CallbackSchemaIds.SchemaPath), registry.SchemaOf(schemaId));
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registry.Url, BasicAuthUserInfo = $"{Username}:{Password}" });
        var deserializer = new JsonDeserializer<RegistryStatus>(client, new JsonDeserializerConfig(), null, null);
        var statuses = new List<RegistryStatus>();
        foreach (var record in reader.On(callback))
        {
            Assert.True(ConfluentWireFormat.TryRead(record.Message.Value, out var id, out _));
            Assert.Equal(schemaId, id);
            statuses.Add(await deserializer.DeserializeAsync(record.Message.Value, false, new SerializationContext(MessageComponentType.Value, callback)));
        }

        Assert.Equal(framed.Recipients.Concat(plain.Recipients).Order(), statuses.Select(s => s.Recipient).Order());
        Assert.Equal(3, statuses.Count(s => s.EventId == framed.EventId));
        Assert.Equal(2, statuses.Count(s => s.EventId == plain.EventId));

        // A wire-format record that cannot be read is dead-lettered with its original bytes, header included.
        var deadLetter = Assert.Single(reader.On(topics.DeadLetter));
        Assert.Equal("not-json", SampleEvents.Header(deadLetter, DeadLetterHeaders.Reason));
        Assert.Equal(brokenValue, deadLetter.Message.Value);

        var expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
        Assert.NotEmpty(registry.Authorizations);
        Assert.All(registry.Authorizations, a => Assert.Equal(expectedAuthorization, a));
        Assert.Empty(registry.Unserved);
        AssertNoSecretIn(LogText(host));
    }

    [Fact]
    public async Task RegistryDown_StatusParkedWithSchemaRegistryError_DeliveredInWireFormatOnceItIsBack()
    {
        await using var registry = await FakeSchemaRegistry.StartAsync(firstId: 5150);
        registry.RequireBasicAuth = $"{Username}:{Password}";
        registry.Available = false;
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka);
        using var reader = new TopicReader(kafka, callback, topics.Retry, topics.DeadLetter);
        await using var host = await StartAsync(topics, registry, ("Retry:BackoffFactor", "0.5"), ("Retry:BackoffMax", "2"));
        using var producer = kafka.CreateProducer();
        var sent = SampleEvents.Multicast(callback, recipients: 1);

        SampleEvents.Produce(producer, topics.Input, sent.Json);
        producer.Flush();
        await reader.WaitForAsync(topics.Retry, 1, Deadline);
        await reader.SettledAsync(kafka, Deadline, topics.InputRead);
        Assert.Empty(reader.On(callback));
        registry.Available = true;
        await reader.WaitForAsync(callback, 1, Deadline);

        var parked = reader.On(topics.Retry)[0];
        Assert.Equal("transient", SampleEvents.Header(parked, FailureHeaders.ErrorClass));
        Assert.StartsWith("schema-registry: ", SampleEvents.Header(parked, FailureHeaders.ErrorMessage), StringComparison.Ordinal);
        Assert.Equal(callback, SampleEvents.Header(parked, RetryHeaders.CallbackTarget));
        // The retry record keeps the plain JSON: only the callback record is framed.
        Assert.Equal(sent.EventId, NotificationStatusJson.Deserialize(parked.Message.Value).EventId);
        Assert.Equal("application/json", SampleEvents.Header(parked, StatusHeaders.ContentType));

        var delivered = Assert.Single(reader.On(callback));
        Assert.True(ConfluentWireFormat.TryRead(delivered.Message.Value, out var id, out var json));
        Assert.Equal(5150, id);
        // Framed bytes are not plain JSON, and the header says so (once).
        Assert.Equal(["application/vnd.schemaregistry.v1+json"],
            delivered.Message.Headers.Where(h => h.Key == StatusHeaders.ContentType).Select(h => Encoding.UTF8.GetString(h.GetValueBytes())));
        Assert.Equal(sent.Recipients[0], NotificationStatusJson.Deserialize(json.ToArray()).Recipient);
        await reader.SettledAsync(kafka, Deadline, topics.InputRead, topics.RetryRead);
        Assert.Empty(reader.On(topics.DeadLetter));
        var headers = string.Join("\n", reader.Records.SelectMany(r => r.Message.Headers).Select(h => Encoding.UTF8.GetString(h.GetValueBytes())));
        AssertNoSecretIn(headers);
        AssertNoSecretIn(LogText(host));
    }

    [Fact]
    public async Task NoRegistryConfigured_WireFormatInputIsNotJson_AsBefore()
    {
        var topics = PipelineTopics.Create(kafka);
        var callback = PipelineTopics.CreateCallbackTopic(kafka);
        using var reader = new TopicReader(kafka, topics.DeadLetter);
        await using var host = await PipelineHost.StartAsync(kafka, topics);
        using var producer = kafka.CreateProducer();
        var framedValue = ConfluentWireFormat.Frame(7, SampleEvents.Multicast(callback, recipients: 1).Json);

        SampleEvents.Produce(producer, topics.Input, framedValue);
        producer.Flush();
        await reader.WaitForAsync(topics.DeadLetter, 1, Deadline);

        Assert.Equal("not-json", SampleEvents.Header(reader.On(topics.DeadLetter).Single(), DeadLetterHeaders.Reason));
        Assert.Null(host.Services.GetService<CallbackSchemaIds>());
        Assert.Null(host.Services.GetService<ISchemaRegistryClient>());
    }

    private Task<PipelineHost> StartAsync(PipelineTopics topics, FakeSchemaRegistry registry, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Serialization:SchemaRegistry:Url"] = registry.Url,
            ["Serialization:SchemaRegistry:BasicAuthUsername"] = Username,
            ["Serialization:SchemaRegistry:BasicAuthPassword"] = Password,
            ["Logging:LogLevel:Default"] = "Debug",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return PipelineHost.StartAsync(kafka, topics, settings, builder => builder.Logging.AddFakeLogging());
    }

    private static string LogText(PipelineHost host) =>
        string.Join("\n", host.Services.GetFakeLogCollector().GetSnapshot().Select(r => r.Message + " " + r.Exception));

    private static void AssertNoSecretIn(string text)
    {
        Assert.NotEmpty(text);
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")), text, StringComparison.Ordinal);
    }
}
