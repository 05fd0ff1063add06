using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NJsonSchema;
using StatusStream.Intake;

namespace StatusStream.Tests.Contracts;

/// <summary>
/// Holds schemas/notification-event.schema.json (the contract producers read) and NotificationEventReader (what
/// actually runs) together: every corpus document gets the same verdict from both, and the folder it is in.
/// </summary>
/// <remarks>
/// The reference verdict is the schema file run through NJsonSchema, after the three rules the schema's description
/// says JSON Schema cannot state: strict JSON in UTF-8 (checked with System.Text.Json's JsonDocument, because the
/// Json.NET parser under NJsonSchema accepts single quotes, comments and trailing content), no repeated property the
/// schema names, and valid Unicode in the strings the schema names.
/// </remarks>
public sealed class SchemaAgreementTests
{
    private static readonly string CorpusDirectory = Path.Combine(AppContext.BaseDirectory, "Contracts", "Corpus");
    private static readonly string EventSchemaPath = Path.Combine(AppContext.BaseDirectory, "schemas", "notification-event.schema.json");
    private static readonly Lazy<Task<JsonSchema>> EventSchema = new(() => JsonSchema.FromFileAsync(EventSchemaPath));

    private static readonly Dictionary<string, InvalidInputReason> ReasonByFilePrefix = new()
    {
        ["not-json-"] = InvalidInputReason.NotJson,
        ["schema-violation-"] = InvalidInputReason.SchemaViolation,
        ["bad-uuid-"] = InvalidInputReason.BadUuid,
        ["unknown-callback-type-"] = InvalidInputReason.UnknownCallbackType,
        ["bad-callback-target-"] = InvalidInputReason.BadCallbackTarget,
        ["limit-exceeded-"] = InvalidInputReason.LimitExceeded,
        ["duplicate-recipient-"] = InvalidInputReason.DuplicateRecipient,
    };

    public static TheoryData<string> ValidDocuments => CorpusFiles("valid");

    public static TheoryData<string> InvalidDocuments => CorpusFiles("invalid");

    [Theory]
    [MemberData(nameof(ValidDocuments))]
    public async Task Corpus_ValidDocument_SchemaAndReaderBothAccept(string file)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(CorpusDirectory, "valid", file));

        var schemaVerdict = await ReferenceVerdictAsync(bytes);
        var readerAccepts = NotificationEventReader.TryRead(bytes, out _, out var invalid);

        StrictJsonRules.AssertBothAccept(file, schemaVerdict, readerAccepts, invalid);
    }

    [Theory]
    [MemberData(nameof(InvalidDocuments))]
    public async Task Corpus_InvalidDocument_SchemaAndReaderBothRejectForTheReasonInItsName(string file)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(CorpusDirectory, "invalid", file));
        var expected = ReasonByFilePrefix.Single(p => file.StartsWith(p.Key, StringComparison.Ordinal)).Value;

        var schemaVerdict = await ReferenceVerdictAsync(bytes);
        var readerAccepts = NotificationEventReader.TryRead(bytes, out _, out var invalid);

        StrictJsonRules.AssertBothReject(file, expected, schemaVerdict, readerAccepts, invalid);
    }

    [Fact]
    public void Corpus_Folders_CoverEveryReasonWithEnoughDocuments()
    {
        var valid = CorpusFileNames("valid");
        var invalid = CorpusFileNames("invalid");

        Assert.True(valid.Length >= 15, $"only {valid.Length} valid documents");
        Assert.True(invalid.Length >= 30, $"only {invalid.Length} invalid documents");
        Assert.All(invalid, file => Assert.Contains(ReasonByFilePrefix.Keys, prefix => file.StartsWith(prefix, StringComparison.Ordinal)));
        // A key that is too long is a property of the record, not of the document: HostileInputPipelineTests covers it.
        Assert.All(Enum.GetValues<InvalidInputReason>().Where(reason => reason != InvalidInputReason.KeyTooLarge), reason => Assert.Contains(ReasonByFilePrefix, p => p.Value == reason && invalid.Any(f => f.StartsWith(p.Key, StringComparison.Ordinal))));
    }

    [Fact]
    public async Task Corpus_RandomMutations_SchemaAndReaderAgreeOnEveryOne()
    {
        var random = new Random(20240501);
        string[] fragments = ["\"", "{", "}", "[", "]", ",", ":", "\\", "\\u0000", "\\ud800", "null", "true", "0", "-", ".", "\n", " ", "é", "A", "a", "-callback", "\"event_id\":", "\"type\":\"kafka\"", "http://", "\"\"", "9", "\"status\":\"delivered\",", "\"status\":", "\"sent_at\":null,", "\"address\":\"a@b\",", "\"reference\":"];
        await StrictJsonRules.AssertAgreeOnMutationsAsync(Path.Combine(CorpusDirectory, "valid"), random, fragments, ReferenceVerdictAsync,
            document => (NotificationEventReader.TryRead(document, out _, out var invalid), invalid?.Detail));
    }

    [Fact]
    public async Task SchemaBounds_AreTheReadersBoundsAtTheDefaultLimits()
    {
        // The schema can only carry one number per bound: the default of the setting, when there is one.
        using var schema = JsonDocument.Parse(await File.ReadAllBytesAsync(EventSchemaPath));
        var root = schema.RootElement;
        var properties = root.GetProperty("properties");
        var definitions = root.GetProperty("definitions");
        var recipient = definitions.GetProperty("recipientOutcome").GetProperty("properties");

        Assert.Equal(IntakeOptions.DefaultMaxRecipientsPerEvent, properties.GetProperty("recipients").GetProperty("maxItems").GetInt32());
        Assert.Equal(IntakeOptions.DefaultMaxProviderLength, properties.GetProperty("provider").GetProperty("maxLength").GetInt32());
        Assert.Equal(IntakeOptions.DefaultMaxErrorLength, recipient.GetProperty("error").GetProperty("maxLength").GetInt32());
        Assert.Equal(NotificationEventReader.MaxReferenceLength, properties.GetProperty("reference").GetProperty("maxLength").GetInt32());
        Assert.Equal(RecipientsReader.MaxAddressLength, recipient.GetProperty("address").GetProperty("maxLength").GetInt32());
        Assert.Equal(WebhookUrl.MaxLength, definitions.GetProperty("webhookUrl").GetProperty("maxLength").GetInt32());
        Assert.Contains($"(default {IntakeOptions.DefaultMaxOutputBytesPerEvent})", root.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KafkaCallbackTopicPattern_GeneratedTopics_SchemaPatternAndCallbackTopicNameAgree()
    {
        var pattern = await PatternAsync("kafkaCallbackTopic");
        var random = new Random(7);
        // Mostly label material, so that a good share of the topics are valid; the rest breaks one rule or another.
        string[] pieces = ["a", "z", "0", "9", "mobility", "ride-booking", "x-1", "a", "mobility", "9", "-", "A", "_", ".", " ", "\n", "é", new string('b', 61), new string('c', 62)];
        string[] separators = [".", ".", ".", "", "..", "-"];
        string[] suffixes = ["-callback", "-callback", "-callback", "callback", "-callback\n", "-Callback", ""];
        var matched = 0;
        for (var n = 0; n < 20000; n++)
        {
            var topic = Label() + separators[random.Next(separators.Length)] + Label() + suffixes[random.Next(suffixes.Length)];
            var expected = Regex.IsMatch(topic, pattern);
            matched += expected ? 1 : 0;
            Assert.True(expected == CallbackTopicName.IsValid(topic), $"pattern says {expected} for \"{topic}\"");
        }

        Assert.InRange(matched, 300, 19000);

        string Label() => string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => pieces[random.Next(pieces.Length)]));
    }

    [Fact]
    public async Task WebhookUrlPattern_GeneratedUrls_SchemaPatternAndReaderAgree()
    {
        var pattern = await PatternAsync("webhookUrl");
        var random = new Random(11);
        string[] schemes = ["http://", "https://", "HTTP://", "ftp://", "https:/", ""];
        string[] hosts = ["a", "hooks.example.com", "10.0.0.1", "[fd00::1]", "[]", "[g::1]", "-a", "a-", "a.", ".a", "user@a", "user:pw@a", "", "a b", "é.example"];
        string[] ports = ["", ":", ":0", ":80", ":8080", ":65535", ":65536", ":99999", ":08080", ":123456", ":x"];
        string[] rests = ["", "/", "/status", "?a=b", "#f", "/a b", "/é", "/%20", "/a\n", "\n", "x", "/~!$&'()*+,;=:@"];
        var matched = 0;
        for (var n = 0; n < 20000; n++)
        {
            var url = schemes[random.Next(schemes.Length)] + hosts[random.Next(hosts.Length)] + ports[random.Next(ports.Length)] + rests[random.Next(rests.Length)];
            var expected = url.Length <= WebhookUrl.MaxLength && Regex.IsMatch(url, pattern);
            matched += expected ? 1 : 0;
            var problem = WebhookUrl.Problem(url);
            Assert.True(expected == (problem is null), $"pattern says {expected} for \"{url}\", reader: {problem ?? "valid"}");
        }

        Assert.InRange(matched, 100, 19900);
    }

    /// <summary>null when the schema (with the rules it cannot state) accepts the document, otherwise why not.</summary>
    private static async Task<string?> ReferenceVerdictAsync(byte[] utf8Json) =>
        await StrictJsonRules.VerdictAsync(utf8Json, await EventSchema.Value, RuleSchemaCannotStateBroken);

    private static string? RuleSchemaCannotStateBroken(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return StrictJsonRules.NamedTwice(root, "event_id", "provider", "recipients", "callback", "source", "occurred_at", "reference", "notification_type", "created_at")
            ?? StrictJsonRules.NotUnicode(root, "event_id", "provider", "occurred_at", "reference", "notification_type", "created_at")
            ?? Nested(root, "callback", "type", "target")
            ?? Nested(root, "source", "namespace", "service")
            ?? Recipients(root);

        static string? Recipients(JsonElement root)
        {
            if (!StrictJsonRules.TryGetNamed(root, "recipients", out var recipients) || recipients.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            string[] names = ["recipient", "success", "error", "address", "status", "sent_at"];
            return recipients.EnumerateArray()
                .Where(r => r.ValueKind == JsonValueKind.Object)
                .Select(r => StrictJsonRules.NamedTwice(r, names) ?? StrictJsonRules.NotUnicode(r, names))
                .FirstOrDefault(problem => problem is not null)
                ?? ListedTwice(recipients);
        }

        // Compared as uuids, so case and escapes do not hide a repeat; a recipient that is no uuid breaks the schema anyway.
        static string? ListedTwice(JsonElement recipients)
        {
            var ids = recipients.EnumerateArray()
                .Where(r => r.ValueKind == JsonValueKind.Object)
                .Select(r => StrictJsonRules.TryGetNamed(r, "recipient", out var id) && id.ValueKind == JsonValueKind.String && Guid.TryParseExact(id.GetString(), "D", out var uuid) ? uuid : (Guid?)null)
                .OfType<Guid>()
                .ToList();
            return ids.Count == ids.Distinct().Count() ? null : "a recipient is listed twice";
        }

        static string? Nested(JsonElement root, string name, params string[] names) =>
            StrictJsonRules.TryGetNamed(root, name, out var nested) && nested.ValueKind == JsonValueKind.Object
                ? StrictJsonRules.NamedTwice(nested, names) ?? StrictJsonRules.NotUnicode(nested, names)
                : null;
    }

    private static async Task<string> PatternAsync(string definition)
    {
        var schema = await EventSchema.Value;
        return schema.Definitions[definition].Pattern!;
    }

    private static TheoryData<string> CorpusFiles(string folder) => new(CorpusFileNames(folder));

    private static string[] CorpusFileNames(string folder) =>
        [.. Directory.GetFiles(Path.Combine(CorpusDirectory, folder), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
}
