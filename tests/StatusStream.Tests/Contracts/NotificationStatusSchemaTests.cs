using System.Text;
using System.Text.Json.Nodes;
using NJsonSchema;
using StatusStream.Expansion;
using StatusStream.Intake;

namespace StatusStream.Tests.Contracts;

/// <summary>The C# NotificationStatus and its wire form against schemas/notification-status.schema.json (City OS status callbacks).</summary>
public sealed class NotificationStatusSchemaTests
{
    private static readonly string StatusSchemaPath = Path.Combine(AppContext.BaseDirectory, "schemas", "notification-status.schema.json");
    private static readonly string ValidEventsDirectory = Path.Combine(AppContext.BaseDirectory, "Contracts", "Corpus", "valid");
    private static readonly Lazy<Task<JsonSchema>> StatusSchema = new(() => JsonSchema.FromFileAsync(StatusSchemaPath));

    private static readonly NotificationStatus Delivered = new(
        Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"), Guid.Parse("2089ad58-857e-4b31-a647-b78432c129d2"), true, string.Empty, "slack");

    private static readonly NotificationStatus Failed = new(
        Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"), Guid.Parse("f47ac10b-58cc-4372-a567-0e02b2c3d479"), false, "mailbox full: \"quota\" <exceeded> 配信できません", "email");

    [Fact]
    public async Task Schema_PropertiesAndRequired_AreExactlyCityOsFive()
    {
        var schema = await StatusSchema.Value;
        string[] cityOs = ["event_id", "recipient", "success", "error", "provider"];

        Assert.Equal(cityOs, schema.Properties.Keys);
        Assert.Equal(cityOs.Order(StringComparer.Ordinal), schema.RequiredProperties.Order(StringComparer.Ordinal));
        Assert.False(schema.AllowAdditionalProperties);
    }

    [Fact]
    public async Task Serialize_StatusesExpandedFromEveryValidCorpusEvent_ValidateAgainstStatusSchema()
    {
        var schema = await StatusSchema.Value;
        var checkedStatuses = 0;
        foreach (var path in Directory.GetFiles(ValidEventsDirectory, "*.json"))
        {
            Assert.True(NotificationEventReader.TryRead(await File.ReadAllBytesAsync(path), out var notification, out var invalid), invalid?.Detail);
            foreach (var status in StatusExpander.Expand(notification))
            {
                var json = Encoding.UTF8.GetString(NotificationStatusJson.Serialize(status));
                var errors = schema.Validate(json);
                Assert.True(errors.Count == 0, $"{Path.GetFileName(path)}: {json}: {string.Join("; ", errors)}");
                checkedStatuses++;
            }
        }

        Assert.True(checkedStatuses >= 20, $"only {checkedStatuses} statuses checked");
    }

    [Fact]
    public void Serialize_Status_WritesSchemaOrderAndLowerCaseUuids()
    {
        var upperCaseInput = Delivered with { Recipient = Guid.Parse("2089AD58-857E-4B31-A647-B78432C129D2") };

        var json = Encoding.UTF8.GetString(NotificationStatusJson.Serialize(upperCaseInput));

        Assert.Equal(
            """{"event_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","recipient":"2089ad58-857e-4b31-a647-b78432c129d2","success":true,"error":"","provider":"slack"}""",
            json);
    }

    [Fact]
    public void Serialize_NonAsciiError_KeepsItReadableAndEscapesWhatJsonRequires()
    {
        var json = Encoding.UTF8.GetString(NotificationStatusJson.Serialize(Failed));

        Assert.Contains("""
            "error":"mailbox full: \"quota\" <exceeded> 配信できません"
            """, json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Deserialize_SerializedStatus_RoundTrips(bool success)
    {
        var status = success ? Delivered : Failed;

        var roundTripped = NotificationStatusJson.Deserialize(NotificationStatusJson.Serialize(status));

        Assert.Equal(status, roundTripped);
    }

    [Fact]
    public async Task Validate_DocumentWithExtraProperty_FailsStatusSchemaAndDeserialize()
    {
        var document = JsonNode.Parse(NotificationStatusJson.Serialize(Delivered))!.AsObject();
        document["status_id"] = Delivered.StatusId;
        var json = document.ToJsonString();

        var errors = (await StatusSchema.Value).Validate(json);

        Assert.Contains(errors, e => e.Kind == NJsonSchema.Validation.ValidationErrorKind.NoAdditionalPropertiesAllowed);
        Assert.Throws<FormatException>(() => NotificationStatusJson.Deserialize(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("event_id")]
    [InlineData("recipient")]
    [InlineData("success")]
    [InlineData("error")]
    [InlineData("provider")]
    public async Task Validate_DocumentMissingAProperty_FailsStatusSchemaAndDeserialize(string missing)
    {
        var document = JsonNode.Parse(NotificationStatusJson.Serialize(Failed))!.AsObject();
        Assert.True(document.Remove(missing));
        var json = document.ToJsonString();

        var errors = (await StatusSchema.Value).Validate(json);

        Assert.Contains(errors, e => e.Kind == NJsonSchema.Validation.ValidationErrorKind.PropertyRequired && e.Property == missing);
        Assert.Throws<FormatException>(() => NotificationStatusJson.Deserialize(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("""{"event_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","recipient":"2089ad58-857e-4b31-a647-b78432c129d2","success":true,"error":"but it failed","provider":"slack"}""")]
    [InlineData("""{"event_id":"{7c9e6679-7425-40de-944b-e07fc1f90ae7}","recipient":"2089ad58-857e-4b31-a647-b78432c129d2","success":true,"error":"","provider":"slack"}""")]
    [InlineData("""{"event_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","recipient":"2089ad58857e4b31a647b78432c129d2","success":true,"error":"","provider":"slack"}""")]
    [InlineData("""{"event_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","recipient":"2089ad58-857e-4b31-a647-b78432c129d2","success":"true","error":"","provider":"slack"}""")]
    [InlineData("""{"event_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","recipient":"2089ad58-857e-4b31-a647-b78432c129d2","success":true,"error":null,"provider":"slack"}""")]
    [InlineData("""{"event_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","recipient":"2089ad58-857e-4b31-a647-b78432c129d2","success":true,"error":"","provider":7}""")]
    public async Task Validate_DocumentBreakingARule_FailsStatusSchemaAndDeserialize(string json)
    {
        var errors = (await StatusSchema.Value).Validate(json);

        Assert.NotEmpty(errors);
        Assert.Throws<FormatException>(() => NotificationStatusJson.Deserialize(Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"event_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","recipient":"2089ad58-857e-4b31-a647-b78432c129d2","success":true,"error":"","provider":"slack"} {}""")]
    [InlineData("""{"event_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","event_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","recipient":"2089ad58-857e-4b31-a647-b78432c129d2","success":true,"error":"","provider":"slack"}""")]
    [InlineData("""{"event_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","recipient":"2089ad58-857e-4b31-a647-b78432c129d2","success":false,"error":"\ud800","provider":"slack"}""")]
    public void Deserialize_NotAStatus_ThrowsFormatException(string json)
    {
        Assert.Throws<FormatException>(() => NotificationStatusJson.Deserialize(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Deserialize_InvalidUtf8_ThrowsFormatException()
    {
        var json = Encoding.UTF8.GetBytes("""{"event_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","recipient":"2089ad58-857e-4b31-a647-b78432c129d2","success":false,"error":"x","provider":"slack"}""");
        json[^4] = 0xFF;

        Assert.Throws<FormatException>(() => NotificationStatusJson.Deserialize(json));
    }

    [Fact]
    public void Serialize_HugeErrorThenSmallStatus_BothCorrect()
    {
        // The per-thread buffer grows for the big one and is dropped; the next status must not see stale bytes.
        var huge = Failed with { Error = new string('x', 200_000) };

        var hugeJson = NotificationStatusJson.Serialize(huge);
        var smallJson = NotificationStatusJson.Serialize(Delivered);

        Assert.Equal(huge, NotificationStatusJson.Deserialize(hugeJson));
        Assert.Equal(Delivered, NotificationStatusJson.Deserialize(smallJson));
    }
}
