using System.Text;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.SchemaRegistry.Serdes;
using StatusStream.Expansion;
using StatusStream.Serialization;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Serialization;

public sealed class ConfluentWireFormatTests
{
    [Fact]
    public void Frame_ThenTryRead_GivesIdAndPayloadBack()
    {
        var payload = "{\"a\":1}"u8.ToArray();

        var framed = ConfluentWireFormat.Frame(0x01020304, payload);

        Assert.Equal([0, 1, 2, 3, 4], framed[..5]);
        Assert.True(ConfluentWireFormat.TryRead(framed, out var id, out var json));
        Assert.Equal(0x01020304, id);
        Assert.Equal(payload, json.ToArray());
    }

    [Theory]
    [InlineData("{\"event_id\":1}")]
    [InlineData(" {}")]
    [InlineData("\uFEFF{}")]
    public void TryRead_PlainJson_IsNotWireFormatAndComesBackWhole(string text)
    {
        var value = Encoding.UTF8.GetBytes(text);

        Assert.False(ConfluentWireFormat.TryRead(value, out _, out var json));
        Assert.Equal(value, json.ToArray());
    }

    [Fact]
    public void TryRead_MagicByteButShorterThanHeader_IsNotWireFormat()
    {
        Assert.False(ConfluentWireFormat.TryRead(new byte[] { 0, 0, 0, 1 }, out _, out var json));
        Assert.Equal(4, json.Length);
    }

    [Fact]
    public async Task Frame_OfRegisteredId_ReadByConfluentJsonDeserializer()
    {
        await using var registry = await FakeSchemaRegistry.StartAsync(firstId: 4242);
        var id = registry.Register("city.parking-callback-value", await File.ReadAllTextAsync(CallbackSchemaIds.SchemaPath));
        var status = new NotificationStatus(Guid.NewGuid(), Guid.NewGuid(), false, "mailbox full", "email");
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registry.Url });
        var deserializer = new JsonDeserializer<RegistryStatus>(client, new JsonDeserializerConfig(), null, null);

        var read = await deserializer.DeserializeAsync(ConfluentWireFormat.Frame(id, NotificationStatusJson.Serialize(status)), isNull: false,
            new SerializationContext(MessageComponentType.Value, "city.parking-callback"));

        Assert.Equal((status.EventId, status.Recipient, status.Success, status.Error, status.Provider),
            (read.EventId, read.Recipient, read.Success, read.Error, read.Provider));
        Assert.Empty(registry.Unserved);
        Assert.Contains($"GET /schemas/ids/{id}", registry.Requests);
    }
}
