using System.Text;
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
}
