using System.Text;
using System.Text.Json;
using NJsonSchema;
using StatusStream.Intake;

namespace StatusStream.Tests.Contracts;

/// <summary>
/// Holds schemas/inbound-message.schema.json (the contract SMS providers read) and InboundMessageReader (what runs)
/// together, as <see cref="SchemaAgreementTests"/> does for notification events: every corpus document gets the same
/// verdict from both and the reason its file name says, and so does every one of 3,000 random mutations.
/// </summary>
public sealed class InboundMessageSchemaAgreementTests
{
    private static readonly string CorpusDirectory = Path.Combine(AppContext.BaseDirectory, "Contracts", "InboundCorpus");
    private static readonly string SchemaPath = Path.Combine(AppContext.BaseDirectory, "schemas", "inbound-message.schema.json");
    private static readonly Lazy<Task<JsonSchema>> Schema = new(() => JsonSchema.FromFileAsync(SchemaPath));

    private static readonly Dictionary<string, InvalidInputReason> ReasonByFilePrefix = new()
    {
        ["not-json-"] = InvalidInputReason.NotJson,
        ["schema-violation-"] = InvalidInputReason.SchemaViolation,
        ["bad-uuid-"] = InvalidInputReason.BadUuid,
        ["unknown-callback-type-"] = InvalidInputReason.UnknownCallbackType,
        ["bad-callback-target-"] = InvalidInputReason.BadCallbackTarget,
    };

    public static TheoryData<string> ValidDocuments => new(FileNames("valid"));

    public static TheoryData<string> InvalidDocuments => new(FileNames("invalid"));

    [Theory]
    [MemberData(nameof(ValidDocuments))]
    public async Task Corpus_ValidInboundMessage_SchemaAndReaderBothAccept(string file)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(CorpusDirectory, "valid", file));

        var schemaVerdict = await ReferenceVerdictAsync(bytes);
        var readerAccepts = InboundMessageReader.TryRead(bytes, out _, out var invalid);

        StrictJsonRules.AssertBothAccept(file, schemaVerdict, readerAccepts, invalid);
    }

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public async Task Corpus_InvalidInboundMessage_SchemaAndReaderBothRejectForTheReasonInItsName(string file)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(CorpusDirectory, "invalid", file));
        var expected = ReasonByFilePrefix.Single(p => file.StartsWith(p.Key, StringComparison.Ordinal)).Value;

        var schemaVerdict = await ReferenceVerdictAsync(bytes);
        var readerAccepts = InboundMessageReader.TryRead(bytes, out _, out var invalid);

        StrictJsonRules.AssertBothReject(file, expected, schemaVerdict, readerAccepts, invalid);
    }

    [Fact]
    public void Corpus_Folders_CoverEveryReasonAnInboundMessageCanHave()
    {
        var invalid = FileNames("invalid");

        Assert.True(FileNames("valid").Length >= 12);
        Assert.True(invalid.Length >= 25);
        Assert.All(invalid, file => Assert.Contains(ReasonByFilePrefix.Keys, prefix => file.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.All(ReasonByFilePrefix.Keys, prefix => Assert.Contains(invalid, f => f.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Corpus_RandomMutations_SchemaAndReaderAgreeOnEveryOne()
    {
        var random = new Random(20171214);
        string[] fragments = ["\"", "{", "}", "[", "]", ",", ":", "\\", "\\u0000", "\\ud800", "null", "true", "0", "-", ".", "\n", " ", "é", "A", "a", "-callback", "\"id\":", "\"message\":", "\"source_number\":\"1\",", "\"type\":\"webhook\"", "http://", "\"\"", "9", "Z", "+14:00", "\"source\":null,"];
        await StrictJsonRules.AssertAgreeOnMutationsAsync(Path.Combine(CorpusDirectory, "valid"), random, fragments, ReferenceVerdictAsync,
            document => (InboundMessageReader.TryRead(document, out _, out var invalid), invalid?.Detail));
    }

    [Fact]
    public async Task SchemaBounds_AreTheReadersBounds()
    {
        using var schema = JsonDocument.Parse(await File.ReadAllBytesAsync(SchemaPath));
        var properties = schema.RootElement.GetProperty("properties");

        Assert.Equal(InboundMessageReader.MaxNumberLength, properties.GetProperty("source_number").GetProperty("maxLength").GetInt32());
        Assert.Equal(InboundMessageReader.MaxNumberLength, properties.GetProperty("destination_number").GetProperty("maxLength").GetInt32());
        Assert.Equal(InboundMessageReader.MaxMessageLength, properties.GetProperty("message").GetProperty("maxLength").GetInt32());
    }

    [Fact]
    public async Task SharedDefinitions_AreTheNotificationEventSchemasOwn()
    {
        // The callback, uuid and URL grammars are read by the same code for both inputs, so the two contracts must say the same.
        using var inbound = JsonDocument.Parse(await File.ReadAllBytesAsync(SchemaPath));
        using var events = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "schemas", "notification-event.schema.json")));

        foreach (var name in new[] { "uuid", "statusCallback", "kafkaCallbackTopic", "webhookUrl" })
        {
            Assert.True(JsonElement.DeepEquals(events.RootElement.GetProperty("definitions").GetProperty(name),
                inbound.RootElement.GetProperty("definitions").GetProperty(name)), $"definitions.{name} differs between the two schemas");
        }
    }

    private static async Task<string?> ReferenceVerdictAsync(byte[] utf8Json) =>
        await StrictJsonRules.VerdictAsync(utf8Json, await Schema.Value, RuleSchemaCannotStateBroken);

    private static string? RuleSchemaCannotStateBroken(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string[] named = ["id", "source_number", "destination_number", "message", "date_received", "callback", "source"];
        return StrictJsonRules.NamedTwice(root, named)
            ?? StrictJsonRules.NotUnicode(root, named)
            ?? Nested(root, "callback", "type", "target")
            ?? Nested(root, "source", "namespace", "service");

        static string? Nested(JsonElement root, string name, params string[] names) =>
            StrictJsonRules.TryGetNamed(root, name, out var nested) && nested.ValueKind == JsonValueKind.Object
                ? StrictJsonRules.NamedTwice(nested, names) ?? StrictJsonRules.NotUnicode(nested, names)
                : null;
    }

    private static string[] FileNames(string folder) =>
        [.. Directory.GetFiles(Path.Combine(CorpusDirectory, folder), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
}
