using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using StatusStream.Expansion;
using StatusStream.Intake;

namespace StatusStream.Tests.Expansion;

public sealed class NotificationStatusJsonTests
{
    [Fact]
    public void SerializedLength_RandomEvents_EqualsTheBytesSerializeWritesAndStaysWithinTheBound()
    {
        // Characters the writer copies, escapes short (\n, \"), escapes long (\u0000, DEL, U+2028), or writes as multi-byte
        // UTF-8, so that the fast path and the measured path are both checked against the real writer.
        string[] pieces = ["a", "Z", " ", "~", "<", ">", "&", "'", "+", "`", "\"", "\\", "/", "\n", "\t", "\u0000", "\u001f", "\u007f",
            "é", "ß", "日本", "\u2028", "\u00ad", "\U0001F600", "\uFEFF", "mailbox full"];
        var random = new Random(17);
        for (var n = 0; n < 2000; n++)
        {
            string Text() => string.Concat(Enumerable.Range(0, random.Next(0, 8)).Select(_ => pieces[random.Next(pieces.Length)]));
            var recipients = Enumerable.Range(0, random.Next(1, 5))
                .Select(_ => random.Next(2) == 0 ? new RecipientOutcome(Guid.NewGuid(), true, "") : new RecipientOutcome(Guid.NewGuid(), false, Text()))
                .ToList();
            var provider = Text() + "p";
            var notification = new NotificationEvent(Guid.NewGuid(), provider, recipients, new StatusCallback(CallbackType.Kafka, "a.b-callback"), null, null);

            var written = StatusExpander.Expand(notification).Sum(s => (long)NotificationStatusJson.Serialize(s).Length);

            Assert.True(written == NotificationStatusJson.SerializedLength(notification), $"provider {Encoding.UTF8.GetByteCount(provider)} bytes, errors {string.Join('|', recipients.Select(r => r.Error))}");
            Assert.InRange(written, 1, NotificationStatusJson.SerializedLengthBound(recipients.Count, provider.Length, recipients.Max(r => r.Error.Length)));
        }
    }

    [Fact]
    public void Serialize_RandomStatuses_ByteForByteWhatUtf8JsonWriterWrites()
    {
        // The common texts are copied straight into place, the rest goes through the writer: both must give exactly
        // what System.Text.Json's writer gives with the relaxed encoder, field by field, in order.
        var random = new Random(23);
        var plains = 0;
        for (var n = 0; n < 5000; n++)
        {
            var success = random.Next(2) == 0;
            var status = new NotificationStatus(Guid.NewGuid(), Guid.NewGuid(), success, success ? "" : Text(random), Text(random) + "p");

            var written = NotificationStatusJson.Serialize(status);

            Assert.True(WrittenByUtf8JsonWriter(status).AsSpan().SequenceEqual(written), Encoding.UTF8.GetString(written));
            Assert.True(NotificationStatusJson.Write(status).SequenceEqual(written));
            if (NotificationStatusJson.TryMeasurePlain(status, out var length))
            {
                // As the callback record writes a plain status: into an array of the measured length, its uuid texts at hand.
                var plain = new byte[length];
                NotificationStatusJson.WritePlain(status, Encoding.ASCII.GetBytes(status.EventId.ToString("D")), Encoding.ASCII.GetBytes(status.Recipient.ToString("D")), plain);
                Assert.Equal(written, plain);
                plains++;
            }
            Assert.Equal(status, NotificationStatusJson.Deserialize(written));
        }

        Assert.InRange(plains, 1000, 4000);
    }

    [Fact]
    public void WritePlain_UuidTextsAtHand_CopiedIntoPlace()
    {
        // The callback record hands over the texts it formatted for its key and header: the JSON holds exactly those bytes.
        var status = new NotificationStatus(Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7"), Guid.Parse("2089ad58-857e-4b31-a647-b78432c129d2"), true, "", "email");
        Assert.True(NotificationStatusJson.TryMeasurePlain(status, out var length));
        var json = new byte[length];

        NotificationStatusJson.WritePlain(status, "7c9e6679-7425-40de-944b-e07fc1f90ae7"u8, "2089ad58-857e-4b31-a647-b78432c129d2"u8, json);

        Assert.Equal("""{"event_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","recipient":"2089ad58-857e-4b31-a647-b78432c129d2","success":true,"error":"","provider":"email"}""", Encoding.UTF8.GetString(json));
        Assert.Throws<ArgumentException>(() => NotificationStatusJson.WritePlain(status, default, default, new byte[length + 1]));
        Assert.Throws<ArgumentException>(() => NotificationStatusJson.WritePlain(status, "7c9e6679"u8, default, json));
    }

    [Fact]
    public void Serialize_ALoneSurrogate_WrittenAsTheReplacementCharacter_NothingLeftInTheThreadsBuffer()
    {
        // Intake refuses such text; were a status to carry one anyway, the writer neither throws nor writes invalid UTF-8.
        var status = new NotificationStatus(Guid.Empty, Guid.Empty, false, "mailbox of jane@example.org full", "provider \ud800");

        var json = Encoding.UTF8.GetString(NotificationStatusJson.Serialize(status));

        Assert.EndsWith("\"provider\":\"provider \\uFFFD\"}", json, StringComparison.Ordinal);
        Assert.False(NotificationStatusJson.ThreadBufferHolds("jane@example.org"u8));
    }

    [Theory]
    [InlineData("boîte pleine")]
    [InlineData("line\nbreak")]
    [InlineData("a \"quote\"")]
    [InlineData("tab\there")]
    [InlineData("\u007f")]
    public void TryMeasurePlain_ATextTheWriterEscapes_NotPlain(string error)
    {
        Assert.False(NotificationStatusJson.TryMeasurePlain(new NotificationStatus(Guid.NewGuid(), Guid.NewGuid(), false, error, "email"), out _));
    }

    [Fact]
    public void Serialize_PlainTexts_TheSchemaExample()
    {
        var status = new NotificationStatus(Guid.Parse("7C9E6679-7425-40DE-944B-E07FC1F90AE7"), Guid.Parse("2089ad58-857e-4b31-a647-b78432c129d2"), false, "mailbox <full> & 'closed'", "email");

        Assert.Equal(
            """{"event_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","recipient":"2089ad58-857e-4b31-a647-b78432c129d2","success":false,"error":"mailbox <full> & 'closed'","provider":"email"}""",
            Encoding.UTF8.GetString(NotificationStatusJson.Serialize(status)));
    }

    private static string Text(Random random)
    {
        string[] pieces = ["a", "Z", " ", "~", "<", ">", "&", "'", "+", "`", "\"", "\\", "/", "\n", "\t", "\u0000", "\u001f", "\u007f",
            "é", "ß", "日本", "\u2028", "\u00ad", "\U0001F600", "\uFEFF", "mailbox full"];

        // Half the texts plain ASCII (the copied path), half with anything at all (the writer's path).
        var plain = random.Next(2) == 0;
        return string.Concat(Enumerable.Range(0, random.Next(0, 8)).Select(_ => pieces[plain ? random.Next(10) : random.Next(pieces.Length)]));
    }

    private static byte[] WrittenByUtf8JsonWriter(NotificationStatus status)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("event_id", status.EventId);
            writer.WriteString("recipient", status.Recipient);
            writer.WriteBoolean("success", status.Success);
            writer.WriteString("error", status.Error);
            writer.WriteString("provider", status.Provider);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
