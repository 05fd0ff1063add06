using System.Text;
using StatusStream.Intake;

namespace StatusStream.Tests.Intake;

public sealed class NotificationEventReaderTests
{
    private const string EventId = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    private const string First = "2089ad58-857e-4b31-a647-b78432c129d2";
    private const string Second = "f47ac10b-58cc-4372-a567-0e02b2c3d479";
    private const string Third = "9b2f4c1e-3d5a-4e6b-8f7a-1c2d3e4f5a6b";

    private const string ThreeRecipients = $$"""
        {
          "event_id": "{{EventId}}",
          "provider": "email",
          "recipients": [
            {"recipient": "{{First}}", "success": true, "error": ""},
            {"recipient": "{{Second}}", "success": false, "error": "mailbox full"},
            {"recipient": "{{Third}}", "success": false, "error": ""}
          ],
          "callback": {"type": "kafka", "target": "mobility.ride-booking-callback"},
          "source": {"namespace": "mobility", "service": "ride-booking"},
          "occurred_at": "2024-05-01T21:00:00.1234567+09:00"
        }
        """;

    [Fact]
    public void TryRead_ThreeRecipientEvent_ReadsEveryField()
    {
        Assert.True(NotificationEventReader.TryRead(Utf8(ThreeRecipients), out var notification, out var invalid));

        Assert.Null(invalid);
        Assert.Equal(Guid.Parse(EventId), notification.EventId);
        Assert.Equal("email", notification.Provider);
        Assert.Equal(
            [new RecipientOutcome(Guid.Parse(First), true, ""), new RecipientOutcome(Guid.Parse(Second), false, "mailbox full"), new RecipientOutcome(Guid.Parse(Third), false, "")],
            notification.Recipients);
        Assert.Equal(new StatusCallback(CallbackType.Kafka, "mobility.ride-booking-callback"), notification.Callback);
        Assert.Equal(new EventSource("mobility", "ride-booking"), notification.Source);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 21, 0, 0, TimeSpan.FromHours(9)).AddTicks(1234567), notification.OccurredAt);
    }

    [Fact]
    public void TryRead_WebhookWithoutOptionalFields_ReadsNullSourceAndTime()
    {
        var json = Event(callback: """{"type":"webhook","target":"https://hooks.example.com/status?x=1"}""");

        Assert.True(NotificationEventReader.TryRead(json, out var notification, out _));

        Assert.Equal(new StatusCallback(CallbackType.Webhook, "https://hooks.example.com/status?x=1"), notification.Callback);
        Assert.Null(notification.Source);
        Assert.Null(notification.OccurredAt);
    }

    [Theory]
    [InlineData("2024-05-01T12:00:00Z", 0L, 0)]
    [InlineData("2024-05-01T12:00:00.5z", 5_000_000L, 0)]
    [InlineData("2024-05-01t12:00:00.123456789-03:30", 1_234_567L, -210)]
    public void TryRead_OccurredAt_KeepsOffsetAndFractionToTheTick(string text, long fractionTicks, int offsetMinutes)
    {
        Assert.True(NotificationEventReader.TryRead(Event(extra: $"\"occurred_at\":\"{text}\","), out var notification, out var invalid), invalid?.Detail);

        var expected = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.FromMinutes(offsetMinutes)).AddTicks(fractionTicks);
        Assert.Equal(expected, notification.OccurredAt);
        Assert.Equal(expected.Offset, notification.OccurredAt!.Value.Offset);
    }

    [Fact]
    public void TryRead_UpperCaseAndEscapedUuids_ParsesThemToTheSameGuids()
    {
        var json = Event(
            eventId: "\\u0037C9E6679-7425-40DE-944B-E07FC1F90AE7",
            recipients: $$"""[{"recipient":"{{First.ToUpperInvariant()}}","success":true,"error":""}]""");

        Assert.True(NotificationEventReader.TryRead(json, out var notification, out var invalid), invalid?.Detail);

        Assert.Equal(Guid.Parse(EventId), notification.EventId);
        Assert.Equal(Guid.Parse(First), notification.Recipients[0].Recipient);
    }

    [Theory]
    [InlineData("", "not-json", "empty")]
    [InlineData("   ", "not-json", "not JSON")]
    [InlineData("{\"event_id\":", "not-json", "not JSON")]
    [InlineData("[1,2]", "schema-violation", "(root): expected an object, found an array")]
    [InlineData("null", "schema-violation", "(root): expected an object, found null")]
    public void TryRead_NotAnEventAtAll_ClassifiesIt(string json, string code, string detailPart)
    {
        AssertInvalid(Utf8(json), code, detailPart);
    }

    [Fact]
    public void TryRead_SchemaProblemThenBrokenJson_ReportsNotJson()
    {
        AssertInvalid(Utf8("""{"event_id": 5, "provider": "x", "recipients": [ """), "not-json", "not JSON");
    }

    [Fact]
    public void TryRead_ValidEventThenTrailingContent_ReportsNotJson()
    {
        AssertInvalid([.. Event(), .. " x"u8], "not-json", "after a single JSON value");
    }

    [Fact]
    public void TryRead_ByteOrderMark_ReportsNotJson()
    {
        AssertInvalid([0xEF, 0xBB, 0xBF, .. Event()], "not-json", "byte-order mark");
    }

    [Fact]
    public void TryRead_InvalidUtf8_ReportsNotJsonWithOffset()
    {
        var json = Event();
        var at = Encoding.UTF8.GetString(json).IndexOf("slack", StringComparison.Ordinal);
        json[at] = 0xC3; // a lead byte followed by an ASCII byte

        AssertInvalid(json, "not-json", $"at offset {at}");
    }

    [Theory]
    [InlineData("event_id", "event_id: required")]
    [InlineData("provider", "provider: required")]
    [InlineData("recipients", "recipients: required")]
    [InlineData("callback", "callback: required")]
    public void TryRead_MissingRequiredProperty_NamesIt(string missing, string detail)
    {
        var json = missing switch
        {
            "event_id" => $$$"""{"provider":"slack","recipients":[{"recipient":"{{{First}}}","success":true,"error":""}],"callback":{"type":"kafka","target":"a.b-callback"}}""",
            "provider" => $$$"""{"event_id":"{{{EventId}}}","recipients":[{"recipient":"{{{First}}}","success":true,"error":""}],"callback":{"type":"kafka","target":"a.b-callback"}}""",
            "recipients" => $$$"""{"event_id":"{{{EventId}}}","provider":"slack","callback":{"type":"kafka","target":"a.b-callback"}}""",
            _ => $$"""{"event_id":"{{EventId}}","provider":"slack","recipients":[{"recipient":"{{First}}","success":true,"error":""}]}""",
        };

        AssertInvalid(Utf8(json), "schema-violation", detail);
    }

    [Theory]
    [InlineData("""[{"recipient":"R1","success":true,"error":""},{"recipient":"nope","success":true,"error":""}]""", "bad-uuid", "recipients[1].recipient: not a uuid")]
    [InlineData("""[{"recipient":"R1","success":true,"error":""},{"recipient":42,"success":true,"error":""}]""", "schema-violation", "recipients[1].recipient: expected a uuid string, found a number")]
    [InlineData("""[{"recipient":"R1","success":true,"error":"x"}]""", "schema-violation", "recipients[0].error: must be \"\" when success is true")]
    [InlineData("""[{"recipient":"R1","success":"yes","error":""}]""", "schema-violation", "recipients[0].success: expected true or false, found a string")]
    [InlineData("""[{"recipient":"R1","success":true}]""", "schema-violation", "recipients[0].error: required")]
    [InlineData("""[{"recipient":"R1","error":""}]""", "schema-violation", "recipients[0].success: required")]
    [InlineData("""[{"success":true,"error":""}]""", "schema-violation", "recipients[0].recipient: required")]
    [InlineData("""[{"recipient":"R1","success":true,"error":"","sucess":false}]""", "schema-violation", "recipients[0]: unknown property \"sucess\"")]
    [InlineData("""[{"recipient":"R1","success":false,"success":true,"error":""}]""", "schema-violation", "recipients[0].success: occurs twice")]
    [InlineData("""["R1"]""", "schema-violation", "recipients[0]: expected an object, found a string")]
    [InlineData("""[]""", "schema-violation", "recipients: at least one recipient is required")]
    [InlineData("""{}""", "schema-violation", "recipients: expected an array, found an object")]
    public void TryRead_BadRecipients_SaysWhichRecipientAndWhy(string recipients, string code, string detailPart)
    {
        AssertInvalid(Event(recipients: recipients.Replace("R1", First, StringComparison.Ordinal)), code, detailPart);
    }

    [Theory]
    [InlineData("\"7c9e6679742540de944be07fc1f90ae7\"", "bad-uuid")]
    [InlineData("\"{7c9e6679-7425-40de-944b-e07fc1f90ae7}\"", "bad-uuid")]
    [InlineData("\" 7c9e6679-7425-40de-944b-e07fc1f90ae7\"", "bad-uuid")]
    [InlineData("\"7c9e6679-7425-40de-944b-e07fc1f90ae7\\n\"", "bad-uuid")]
    [InlineData("\"7c9e6679-7425-40de-944b-e07fc1f90ae\\ud800\"", "bad-uuid")]
    [InlineData("\"\"", "bad-uuid")]
    [InlineData("null", "schema-violation")]
    [InlineData("[]", "schema-violation")]
    public void TryRead_BadEventId_ClassifiesStringsAsBadUuidAndOthersAsSchemaViolation(string eventIdJson, string code)
    {
        var json = Utf8($$$"""{"event_id":{{{eventIdJson}}},"provider":"slack","recipients":[{"recipient":"{{{First}}}","success":true,"error":""}],"callback":{"type":"kafka","target":"a.b-callback"}}""");

        AssertInvalid(json, code, "event_id: ");
    }

    [Theory]
    [InlineData("""{"type":"sqs","target":"q"}""", "unknown-callback-type", "callback.type: \"sqs\" is neither kafka nor webhook")]
    [InlineData("""{"type":"Kafka","target":"a.b-callback"}""", "unknown-callback-type", "\"Kafka\"")]
    [InlineData("""{"type":true,"target":"a.b-callback"}""", "schema-violation", "callback.type: expected a string, found a boolean")]
    [InlineData("""{"target":"a.b-callback"}""", "schema-violation", "callback.type: required")]
    [InlineData("""{"type":"kafka"}""", "schema-violation", "callback.target: required")]
    [InlineData("""{"type":"kafka","target":"a.b-callback","headers":{}}""", "schema-violation", "callback: unknown property \"headers\"")]
    [InlineData("""{"type":"kafka","target":"a.b-callback","target":"c.d-callback"}""", "schema-violation", "callback.target: occurs twice")]
    [InlineData("""{"type":"kafka","target":"Mobility.Booking-callback"}""", "bad-callback-target", "callback.target: \"Mobility.Booking-callback\" is not a Kafka callback topic <namespace>.<service>-callback")]
    [InlineData("""{"type":"kafka","target":"mobility.booking"}""", "bad-callback-target", "<namespace>.<service>-callback")]
    [InlineData("""{"target":"https://a.example/x","type":"kafka"}""", "bad-callback-target", "is not a Kafka callback topic")]
    [InlineData("""{"type":"webhook","target":"mobility.booking-callback"}""", "bad-callback-target", "not a webhook URL: not an absolute URL starting with http:// or https://")]
    [InlineData("""{"type":"webhook","target":"https://user:pw@a.example/x"}""", "bad-callback-target", "user:password@ is not allowed")]
    [InlineData("""{"type":"webhook","target":"https://a.example:70000/x"}""", "bad-callback-target", "the port is not a number from 0 to 65535")]
    [InlineData("""{"type":"webhook","target":"https://a.example/a b"}""", "bad-callback-target", "percent-encode it")]
    [InlineData("""{"type":"webhook","target":"https:///x"}""", "bad-callback-target", "no host name or IP address")]
    [InlineData("""{"type":"webhook","target":"https://[zz]/x"}""", "bad-callback-target", "IPv6")]
    public void TryRead_BadCallback_ClassifiesAndExplains(string callback, string code, string detailPart)
    {
        AssertInvalid(Event(callback: callback), code, detailPart);
    }

    [Fact]
    public void TryRead_BadWebhookUrl_NeverEchoesTheUrl()
    {
        // Webhook URLs often carry a secret in the path (Slack-style hooks); details end up in dead-letter headers.
        var json = Event(callback: """{"type":"webhook","target":"https://hooks.example.com/T000/B000/s3cr3tT0ken with space"}""");

        Assert.False(NotificationEventReader.TryRead(json, out _, out var invalid));

        Assert.DoesNotContain("s3cr3t", invalid.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_LongBadValues_EchoAtMostAHundredCharactersOfInput()
    {
        var longTopic = new string('x', 5000);
        var longName = new string('n', 5000);

        Assert.False(NotificationEventReader.TryRead(Event(callback: $$"""{"type":"kafka","target":"{{longTopic}}"}"""), out _, out var badTopic));
        Assert.False(NotificationEventReader.TryRead(Event(callback: $$"""{"type":"{{longTopic}}","target":"a.b-callback"}"""), out _, out var badType));
        Assert.False(NotificationEventReader.TryRead(Event(callback: $$"""{"type":"kafka","target":"a.b-callback","{{longName}}":1}"""), out _, out var badName));

        foreach (var invalid in new[] { badTopic, badType, badName })
        {
            Assert.InRange(invalid!.Detail.Length, 1, 250);
            Assert.DoesNotContain(new string('x', 101), invalid.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain(new string('n', 101), invalid.Detail, StringComparison.Ordinal);
        }

        Assert.Contains(new string('x', 20), badTopic!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_ControlCharactersInEchoedValue_AreReplaced()
    {
        Assert.False(NotificationEventReader.TryRead(Event(callback: """{"type":"kafka\r\nX-Injected: 1","target":"a.b-callback"}"""), out _, out var invalid));

        Assert.Equal("unknown-callback-type", invalid.Code);
        Assert.DoesNotContain('\n', invalid.Detail);
        Assert.DoesNotContain('\r', invalid.Detail);
    }

    [Theory]
    [InlineData("provider", "\"\"", "provider: must not be empty")]
    [InlineData("provider", "\"sl\\ud800ack\"", "provider: not valid Unicode")]
    [InlineData("source", "{\"namespace\":\"a\"}", "source.service: required")]
    [InlineData("source", "{\"namespace\":\"\",\"service\":\"b\"}", "source.namespace: must not be empty")]
    [InlineData("source", "\"a/b\"", "source: expected an object or null, found a string")]
    [InlineData("occurred_at", "\"2023-02-29T00:00:00Z\"", "occurred_at: not an RFC 3339 date-time")]
    [InlineData("occurred_at", "\"2024-05-01T12:00:00\"", "occurred_at: not an RFC 3339 date-time")]
    [InlineData("occurred_at", "\"2024-05-01T12:00:60Z\"", "occurred_at: not an RFC 3339 date-time")]
    [InlineData("occurred_at", "\"2024-05-01T12:00:00+14:01\"", "occurred_at: not an RFC 3339 date-time")]
    [InlineData("occurred_at", "1714564800", "occurred_at: expected a date-time string or null, found a number")]
    public void TryRead_BadOptionalOrTextField_ReportsSchemaViolation(string property, string valueJson, string detailPart)
    {
        var json = property == "provider"
            ? Utf8($$$"""{"event_id":"{{{EventId}}}","provider":{{{valueJson}}},"recipients":[{"recipient":"{{{First}}}","success":true,"error":""}],"callback":{"type":"kafka","target":"a.b-callback"}}""")
            : Event(extra: $"\"{property}\":{valueJson},");

        AssertInvalid(json, "schema-violation", detailPart);
    }

    [Fact]
    public void TryRead_SchemaNamedPropertyTwice_ReportsIt()
    {
        AssertInvalid(Event(extra: $"\"event\\u005fid\":\"{Second}\","), "schema-violation", "event_id: occurs twice");
    }

    [Fact]
    public void TryRead_UnknownTopLevelPropertiesIncludingRepeats_AreIgnored()
    {
        var json = Event(extra: "\"data\":{\"a\":[1,{\"b\":null}]},\"data\":\"again\",\"x\\ud800\":1,\"x\\ud800\":2,");

        Assert.True(NotificationEventReader.TryRead(json, out var notification, out var invalid), invalid?.Detail);
        Assert.Single(notification.Recipients);
    }

    [Fact]
    public void TryRead_NestingBeyondMaxDepth_ReportsNotJsonWithoutThrowing()
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);

        AssertInvalid(Event(extra: $"\"data\":{deep},"), "not-json", "depth");
    }

    [Fact]
    public void TryRead_HugeValidEvent_ReadsIt()
    {
        var recipients = string.Join(',', Enumerable.Range(0, 10_000).Select(i => $$"""{"recipient":"{{new Guid(i, 0, 0, new byte[8]):D}}","success":false,"error":"{{new string('e', 100)}}"}"""));

        Assert.True(NotificationEventReader.TryRead(Event(recipients: $"[{recipients}]"), out var notification, out var invalid), invalid?.Detail);

        Assert.Equal(10_000, notification.Recipients.Count);
        Assert.Equal(new Guid(9_999, 0, 0, new byte[8]), notification.Recipients[^1].Recipient);
    }

    [Fact]
    public void TryRead_RandomBytes_NeverThrowsAndNeverAccepts()
    {
        var random = new Random(1234);
        for (var n = 0; n < 20_000; n++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);

            var accepted = NotificationEventReader.TryRead(bytes, out var notification, out var invalid);

            Assert.False(accepted);
            Assert.Null(notification);
            Assert.NotNull(invalid);
        }
    }

    [Fact]
    public void TryRead_EveryPrefixOfAValidEvent_NeverThrowsAndOnlyTheWholeIsAccepted()
    {
        var json = Utf8(ThreeRecipients);
        for (var length = 0; length < json.Length; length++)
        {
            var accepted = NotificationEventReader.TryRead(json.AsSpan(0, length), out _, out var invalid);

            // Only the whole document, or the whole document short of trailing white space, is an event.
            var isWholeDocument = json.AsSpan(length).Trim(" \n\r\t"u8).IsEmpty;
            Assert.True(accepted == isWholeDocument, $"prefix {length}: {invalid?.Detail}");
        }
    }

    [Fact]
    public void TryRead_RandomTokenSoup_NeverThrows()
    {
        var random = new Random(99);
        string[] tokens = ["{", "}", "[", "]", ",", ":", "\"event_id\"", "\"recipients\"", "\"callback\"", "\"type\"", "\"target\"", "\"x\"", "\"\\ud800\"", "\"\\u0000\"", "1", "-0.5e9", "true", "null", $"\"{EventId}\""];
        for (var n = 0; n < 20_000; n++)
        {
            var soup = string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => tokens[random.Next(tokens.Length)]));

            var accepted = NotificationEventReader.TryRead(Utf8(soup), out var notification, out var invalid);

            Assert.True(accepted ? notification is not null && invalid is null : notification is null && invalid is not null);
        }
    }

    [Theory]
    [InlineData("7c9e6679-7425-40de-944b-e07fc1f90ae7", true)]
    [InlineData("7C9E6679-7425-40DE-944B-E07FC1F90AE7", true)]
    [InlineData("00000000-0000-0000-0000-000000000000", true)]
    [InlineData("7c9e6679-7425-40de-944b-e07fc1f90ae", false)]
    [InlineData("7c9e6679-7425-40de-944b-e07fc1f90ae7 ", false)]
    [InlineData("7c9e6679+7425-40de-944b-e07fc1f90ae7", false)]
    [InlineData("0x9e6679-7425-40de-944b-e07fc1f90ae7", false)]
    [InlineData("7c9e6679-7425-40de-944b-e07fc1f90ag7", false)]
    public void TryParseCanonicalUuid_Text_AcceptsOnlyTheCanonicalForm(string text, bool expected)
    {
        var accepted = NotificationEventReader.TryParseCanonicalUuid(Utf8(text), out var value);

        Assert.Equal(expected, accepted);
        Assert.Equal(expected ? Guid.Parse(text) : Guid.Empty, value);
    }

    [Theory]
    [InlineData("plain", false)]
    [InlineData("\\ud83d\\ude00", false)]
    [InlineData("\\\\ud800", false)]
    [InlineData("\\ud800", true)]
    [InlineData("\\udc00", true)]
    [InlineData("\\ud83d\\u0041", true)]
    [InlineData("a\\ud83dx", true)]
    public void HasLoneSurrogateEscape_RawString_FindsOnlyUnpairedSurrogates(string raw, bool expected)
    {
        Assert.Equal(expected, NotificationEventReader.HasLoneSurrogateEscape(Utf8(raw)));
    }

    private static void AssertInvalid(byte[] json, string code, string detailPart)
    {
        Assert.False(NotificationEventReader.TryRead(json, out var notification, out var invalid));

        Assert.Null(notification);
        Assert.Equal(code, invalid.Code);
        Assert.Contains(detailPart, invalid.Detail, StringComparison.Ordinal);
    }

    private static byte[] Event(
        string eventId = EventId,
        string? recipients = null,
        string callback = """{"type":"kafka","target":"mobility.ride-booking-callback"}""",
        string extra = "") =>
        Utf8($$"""{{{extra}}"event_id":"{{eventId}}","provider":"slack","recipients":{{recipients ?? $$"""[{"recipient":"{{First}}","success":true,"error":""}]"""}},"callback":{{callback}}}""");

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
