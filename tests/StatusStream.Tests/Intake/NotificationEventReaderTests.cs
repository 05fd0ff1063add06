using System.Text;
using StatusStream.Intake;
using StatusStream.Records;

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
    public void TryRead_AfterAnEventRefusedMidRecipients_TheNextHasOnlyItsOwn()
    {
        // Recipients are gathered in a list the thread reuses: a refused event must leave nothing in it.
        AssertInvalid(
            Event(recipients: $$"""[{"recipient":"{{First}}","success":true,"error":""},{"recipient":"nope","success":true,"error":""}]"""),
            "bad-uuid", "recipients[1].recipient");

        Assert.True(NotificationEventReader.TryRead(Event(recipients: $$"""[{"recipient":"{{First}}","success":true,"error":""}]"""), out var next, out var invalid), invalid?.Detail);
        Assert.Equal([new RecipientOutcome(Guid.Parse(First), true, "")], next.Recipients);

        Assert.True(NotificationEventReader.TryRead(Event(recipients: $$"""[{"recipient":"{{Second}}","success":false,"error":"busy"}]"""), out var later, out invalid), invalid?.Detail);
        Assert.Equal([new RecipientOutcome(Guid.Parse(First), true, "")], next.Recipients);
        Assert.Equal([new RecipientOutcome(Guid.Parse(Second), false, "busy")], later.Recipients);
    }

    [Fact]
    public void TryRead_NestingBeyondMaxDepth_ReportsNotJsonWithoutThrowing()
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);

        AssertInvalid(Event(extra: $"\"data\":{deep},"), "not-json", "depth");
    }

    [Fact]
    public void TryRead_HugeEventWithinConfiguredLimit_ReadsIt()
    {
        var recipients = string.Join(',', Enumerable.Range(0, 10_000).Select(i => $$"""{"recipient":"{{new Guid(i, 0, 0, new byte[8]):D}}","success":false,"error":"{{new string('e', 100)}}"}"""));

        var limits = new IntakeOptions { MaxRecipientsPerEvent = 10_000 };

        Assert.True(NotificationEventReader.TryRead(Event(recipients: $"[{recipients}]"), limits, out var notification, out var invalid), invalid?.Detail);

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

    [Fact]
    public void TryRead_GovUkNotifyFields_ReadsThem()
    {
        var json = Event(
            extra: "\"reference\":\"12345678\",\"notification_type\":\"sms\",\"created_at\":\"2017-05-14T12:15:30.000000Z\",",
            recipients: $$"""
                [{"recipient":"{{First}}","success":true,"error":"","address":"+447700900123","status":"delivered","sent_at":"2017-05-14T12:15:31.5Z"},
                 {"recipient":"{{Second}}","success":false,"error":"no such number","status":"permanent-failure","sent_at":null,"address":null}]
                """);

        Assert.True(NotificationEventReader.TryRead(json, out var notification, out var invalid), invalid?.Detail);

        Assert.Equal("12345678", notification.Reference);
        Assert.Same(NotificationTypes.Sms, notification.NotificationType);
        Assert.Equal(new DateTimeOffset(2017, 5, 14, 12, 15, 30, TimeSpan.Zero), notification.CreatedAt);
        Assert.Equal(
            new RecipientOutcome(Guid.Parse(First), true, "", new RecipientReceipt("+447700900123", DeliveryStates.Delivered, new DateTimeOffset(2017, 5, 14, 12, 15, 31, 500, TimeSpan.Zero))),
            notification.Recipients[0]);
        Assert.Equal(new RecipientOutcome(Guid.Parse(Second), false, "no such number", new RecipientReceipt(null, DeliveryStates.PermanentFailure, null)), notification.Recipients[1]);
    }

    [Fact]
    public void TryRead_OptionalFieldsNullOrAbsent_ReadAsAbsent()
    {
        var json = Event(
            extra: "\"reference\":null,\"notification_type\":null,\"created_at\":null,",
            recipients: $$"""[{"recipient":"{{First}}","success":true,"error":"","address":null,"status":null,"sent_at":null}]""");

        Assert.True(NotificationEventReader.TryRead(json, out var withNulls, out var invalid), invalid?.Detail);
        Assert.True(NotificationEventReader.TryRead(Event(), out var without, out _));

        Assert.Equal(without with { EventId = withNulls.EventId }, withNulls with { Recipients = without.Recipients });
        Assert.Equal(without.Recipients, withNulls.Recipients);
        Assert.Null(withNulls.Reference);
        Assert.Null(withNulls.Recipients[0].Receipt);
    }

    [Theory]
    [InlineData("\"reference\":\"\",", "reference: must not be empty")]
    [InlineData("\"reference\":7,", "reference: expected a string or null, found a number")]
    [InlineData("\"reference\":\"a\",\"reference\":\"b\",", "reference: occurs twice")]
    [InlineData("\"notification_type\":\"push\",", "notification_type: \"push\" is not email, sms, letter or null")]
    [InlineData("\"notification_type\":\"EMAIL\",", "notification_type: \"EMAIL\" is not email")]
    [InlineData("\"notification_type\":[],", "notification_type: an array is not email")]
    [InlineData("\"created_at\":\"2023-02-29T00:00:00Z\",", "created_at: not an RFC 3339 date-time")]
    [InlineData("\"created_at\":0,", "created_at: expected a date-time string or null, found a number")]
    public void TryRead_BadOptionalEventField_ReportsSchemaViolation(string extra, string detailPart)
    {
        AssertInvalid(Event(extra: extra), "schema-violation", detailPart);
    }

    [Fact]
    public void TryRead_ReferenceOf257Characters_ReportsSchemaViolationWithoutEchoingIt()
    {
        var reference = new string('r', NotificationEventReader.MaxReferenceLength + 1);

        AssertInvalid(Event(extra: $"\"reference\":\"{reference}\","), "schema-violation", "reference: longer than 256 characters");
    }

    [Theory]
    [InlineData(""","status":"delivered" """, false, "recipients[0].status: \"delivered\" disagrees with success false")]
    [InlineData(""","status":"temporary-failure" """, true, "recipients[0].status: \"temporary-failure\" disagrees with success true")]
    [InlineData(""","status":"bounced" """, false, "recipients[0].status: \"bounced\" is not delivered, permanent-failure")]
    [InlineData(""","status":1 """, false, "recipients[0].status: a number is not delivered")]
    [InlineData(""","address":"" """, false, "recipients[0].address: must not be empty")]
    [InlineData(""","address":["a@b"] """, false, "recipients[0].address: expected a string or null, found an array")]
    [InlineData(""","sent_at":"2024-05-01T12:00:00" """, false, "recipients[0].sent_at: not an RFC 3339 date-time")]
    [InlineData(""","sent_at":null,"sent_at":null """, false, "recipients[0].sent_at: occurs twice")]
    [InlineData(""","to":"a@b" """, false, "recipients[0]: unknown property \"to\" (allowed: recipient, success, error, address, status, sent_at)")]
    public void TryRead_BadOptionalRecipientField_ReportsSchemaViolation(string extra, bool success, string detailPart)
    {
        var recipients = $$"""[{"recipient":"{{First}}","success":{{(success ? "true" : "false")}},"error":""{{extra}}}]""";

        AssertInvalid(Event(recipients: recipients), "schema-violation", detailPart);
    }

    [Fact]
    public void TryRead_BadAddress_NeverEchoesIt()
    {
        // Personal data: a detail goes into dead-letter headers and logs.
        var address = "someone.private@example.com" + new string('x', RecipientsReader.MaxAddressLength);

        Assert.False(NotificationEventReader.TryRead(Event(recipients: $$"""[{"recipient":"{{First}}","success":true,"error":"","address":"{{address}}"}]"""), out _, out var invalid));

        Assert.Equal("schema-violation", invalid.Code);
        Assert.Contains("recipients[0].address: longer than 320 characters", invalid.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("someone", invalid.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_AmplificationEvent_LimitExceededNamingProviderLimitAndLength()
    {
        // A 400 KB provider copied into each of 1,000 statuses became about 400 MB of callback records.
        var provider = new string('p', 400 * 1024);
        var recipients = string.Join(',', Enumerable.Range(0, 1000).Select(i => $$"""{"recipient":"{{new Guid(i, 0, 0, new byte[8]):D}}","success":true,"error":""}"""));
        var json = Utf8($$$"""{"event_id":"{{{EventId}}}","provider":"{{{provider}}}","recipients":[{{{recipients}}}],"callback":{"type":"kafka","target":"a.b-callback"}}""");
        Assert.InRange(json.Length, 470_000, 490_000);

        AssertInvalid(json, "limit-exceeded", "provider: 409600 characters, more than Intake:MaxProviderLength = 128");
    }

    [Theory]
    [InlineData(128, true)]
    [InlineData(129, false)]
    public void TryRead_ProviderAtAndOverTheLimit_CountsUtf16CodeUnits(int codeUnits, bool accepted)
    {
        // U+1F600 is two UTF-16 code units: .NET's string.Length and the schema agreement tests' validator count it twice.
        var provider = string.Concat(Enumerable.Repeat("\U0001F600", codeUnits / 2)) + (codeUnits % 2 == 1 ? "p" : "");
        var json = Utf8($$$"""{"event_id":"{{{EventId}}}","provider":"{{{provider}}}","recipients":[{"recipient":"{{{First}}}","success":true,"error":""}],"callback":{"type":"kafka","target":"a.b-callback"}}""");

        Assert.Equal(accepted, NotificationEventReader.TryRead(json, out _, out var invalid));
        Assert.True(accepted || invalid!.Detail == "provider: 129 characters, more than Intake:MaxProviderLength = 128", invalid?.Detail);
    }

    [Fact]
    public void TryRead_EscapedProviderOverTheLimit_CountsDecodedCharacters()
    {
        var escaped = string.Concat(Enumerable.Repeat("\\u0070", 100));
        var json = Utf8($$$"""{"event_id":"{{{EventId}}}","provider":"{{{escaped}}}","recipients":[{"recipient":"{{{First}}}","success":true,"error":""}],"callback":{"type":"kafka","target":"a.b-callback"}}""");

        Assert.True(NotificationEventReader.TryRead(json, new IntakeOptions { MaxProviderLength = 100 }, out var notification, out var invalid), invalid?.Detail);
        Assert.Equal(new string('p', 100), notification.Provider);
        Assert.False(NotificationEventReader.TryRead(json, new IntakeOptions { MaxProviderLength = 99 }, out _, out invalid));
        Assert.Equal("provider: 100 characters, more than Intake:MaxProviderLength = 99", invalid.Detail);
    }

    [Fact]
    public void TryRead_ErrorOverConfiguredLimit_LimitExceededNamingTheRecipient()
    {
        var recipients = $$"""[{"recipient":"{{First}}","success":false,"error":"short"},{"recipient":"{{Second}}","success":false,"error":"{{new string('e', 11)}}"}]""";

        Assert.False(NotificationEventReader.TryRead(Event(recipients: recipients), new IntakeOptions { MaxErrorLength = 10 }, out _, out var invalid));

        Assert.Equal("limit-exceeded", invalid.Code);
        Assert.Equal("recipients[1].error: 11 characters, more than Intake:MaxErrorLength = 10", invalid.Detail);
    }

    [Theory]
    [InlineData(1000, 1000, true)]
    [InlineData(1001, 1000, false)]
    [InlineData(1500, 1000, false)]
    [InlineData(3, 2, false)]
    public void TryRead_RecipientCount_LimitExceededCountingThemAll(int count, int limit, bool accepted)
    {
        var recipients = string.Join(',', Enumerable.Range(0, count).Select(i => $$"""{"recipient":"{{new Guid(i, 0, 0, new byte[8]):D}}","success":true,"error":""}"""));

        var read = NotificationEventReader.TryRead(Event(recipients: $"[{recipients}]"), new IntakeOptions { MaxRecipientsPerEvent = limit }, out var notification, out var invalid);

        Assert.Equal(accepted, read);
        if (accepted)
        {
            Assert.Equal(count, notification!.Recipients.Count);
        }
        else
        {
            Assert.Equal("limit-exceeded", invalid!.Code);
            Assert.Equal($"recipients: {count} recipients, more than Intake:MaxRecipientsPerEvent = {limit}", invalid.Detail);
        }
    }

    [Fact]
    public void TryRead_TooManyRecipientsThenBrokenJson_ReportsNotJson()
    {
        var recipients = string.Join(',', Enumerable.Range(0, 3).Select(i => $$"""{"recipient":"{{new Guid(i, 0, 0, new byte[8]):D}}","success":true,"error":""}"""));

        Assert.False(NotificationEventReader.TryRead(Utf8($$"""{"recipients":[{{recipients}},{"x":"""), new IntakeOptions { MaxRecipientsPerEvent = 2 }, out _, out var invalid));

        Assert.Equal("not-json", invalid.Code);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 2)]
    [InlineData(3, 40)]
    [InlineData(39, 40)]
    [InlineData(15, 16)]
    [InlineData(16, 17)]
    public void TryRead_SameRecipientTwice_DuplicateRecipientNamingBothPlaces(int first, int second)
    {
        var ids = Enumerable.Range(0, Math.Max(first, second) + 1).Select(i => new Guid(i, 0, 0, new byte[8])).ToArray();
        ids[second] = ids[first];
        var recipients = string.Join(',', ids.Select((id, i) => $$"""{"recipient":"{{(i == second ? id.ToString("D").ToUpperInvariant() : id.ToString("D"))}}","success":false,"error":"attempt {{i}}"}"""));

        AssertInvalid(Event(recipients: $"[{recipients}]"), "duplicate-recipient", $"recipients[{second}].recipient: {ids[first]:D} is already listed at recipients[{first}]");
    }

    [Fact]
    public void TryRead_ManyDistinctRecipients_NoFalseDuplicates()
    {
        // Past the linear scan the check switches to an index; every recipient must still be accepted once.
        var recipients = string.Join(',', Enumerable.Range(0, 1000).Select(i => $$"""{"recipient":"{{Guid.NewGuid():D}}","success":true,"error":""}"""));

        Assert.True(NotificationEventReader.TryRead(Event(recipients: $"[{recipients}]"), out var notification, out var invalid), invalid?.Detail);
        Assert.Equal(1000, notification.Recipients.Select(r => r.Recipient).Distinct().Count());
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
