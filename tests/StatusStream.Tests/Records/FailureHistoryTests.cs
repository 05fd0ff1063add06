using System.Text;
using System.Text.Json;
using StatusStream.Records;

namespace StatusStream.Tests.Records;

public sealed class FailureHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ToHeaderValue_OneAttempt_CompactJsonAnOperatorCanRead()
    {
        var history = FailureHistory.Empty.Append(
            new AttemptRecord(1, Start, FailureClass.Transient, "kafka:UnknownTopicOrPart: Broker: Unknown topic or partition"));

        Assert.Equal(
            """{"omitted":0,"attempts":[{"n":1,"at":"2026-11-25T10:00:00.000Z","class":"transient","error":"kafka:UnknownTopicOrPart: Broker: Unknown topic or partition"}]}""",
            history.ToHeaderValue());
    }

    [Fact]
    public void ToHeaderValue_Parse_RoundTrips()
    {
        var history = FailureHistory.Empty
            .Append(new AttemptRecord(1, Start, FailureClass.Transient, "kafka:Local_MsgTimedOut: Local: Message timed out"))
            .Append(new AttemptRecord(2, Start.AddSeconds(3), FailureClass.Permanent, "kafka:MsgSizeTooLarge: \"too\" large, é <ok>"))
            .Append(new AttemptRecord(3, Start.AddSeconds(9).AddMilliseconds(250), FailureClass.Fatal, ""));

        Assert.True(FailureHistory.TryParse(history.ToHeaderValue(), out var parsed));

        Assert.Equal(history.Attempts, parsed.Attempts);
        Assert.Equal(0, parsed.Omitted);
        Assert.Equal(3, parsed.TotalAttempts);
    }

    [Fact]
    public void Append_IsImmutable_TheOriginalIsUnchanged()
    {
        var one = FailureHistory.Empty.Append(new AttemptRecord(1, Start, FailureClass.Transient, "a"));
        var two = one.Append(new AttemptRecord(2, Start, FailureClass.Transient, "b"));

        Assert.Single(one.Attempts);
        Assert.Equal(2, two.TotalAttempts);
        Assert.Empty(FailureHistory.Empty.Attempts);
    }

    [Fact]
    public void Append_ManyAttempts_KeepsFirstAndLatestAndCountsTheRest()
    {
        var history = FailureHistory.Empty;
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            history = history.Append(new AttemptRecord(attempt, Start.AddSeconds(attempt), FailureClass.Transient, $"error {attempt}"));
        }

        Assert.Equal([1, 14, 15, 16, 17, 18, 19, 20], history.Attempts.Select(a => a.Attempt));
        Assert.Equal(12, history.Omitted);
        Assert.Equal(20, history.TotalAttempts);

        var parsed = FailureHistory.Parse(history.ToHeaderValue());
        Assert.Equal(history.Attempts, parsed.Attempts);
        Assert.Equal(12, parsed.Omitted);
    }

    [Fact]
    public void Append_UpToMaxKept_NothingOmitted()
    {
        var history = FailureHistory.Empty;
        for (var attempt = 1; attempt <= FailureHistory.MaxKept; attempt++)
        {
            history = history.Append(new AttemptRecord(attempt, Start, FailureClass.Transient, "x"));
        }

        Assert.Equal(Enumerable.Range(1, FailureHistory.MaxKept), history.Attempts.Select(a => a.Attempt));
        Assert.Equal(0, history.Omitted);
    }

    [Fact]
    public void Append_LongMultiLineError_OneLineOfBoundedLength()
    {
        var stackTrace = "System.Exception: boom\n   at Foo.Bar()\r\n\tat Baz()" + new string('x', 1000);

        var kept = FailureHistory.Empty.Append(new AttemptRecord(1, Start, FailureClass.Transient, stackTrace)).Attempts.Single();

        Assert.Equal(FailureHistory.MaxErrorLength, kept.Error.Length);
        Assert.StartsWith("System.Exception: boom    at Foo.Bar()   at Baz()xxx", kept.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(kept.Error, char.IsControl);
    }

    [Fact]
    public void Append_ErrorOfQuotesAndEuros_CutAtTheJsonByteBudgetNeverInsideAPair()
    {
        var kept = FailureHistory.Empty
            .Append(new AttemptRecord(1, Start, FailureClass.Transient, string.Concat(Enumerable.Repeat("\"€😀\\\ud800", 100))))
            .Attempts.Single();

        var jsonBytes = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(kept.Error, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })) - 2;
        Assert.InRange(jsonBytes, FailureHistory.MaxErrorLength - 8, FailureHistory.MaxErrorLength);
        Assert.False(char.IsHighSurrogate(kept.Error[^1]));
        Assert.DoesNotContain('\ud800', kept.Error.Replace("😀", "", StringComparison.Ordinal));
    }

    [Fact]
    public void ToHeaderValue_HundredAppendsOfThousandCharMultiLineErrors_StaysUnderTheStatedBound()
    {
        var error = string.Concat(Enumerable.Repeat("kafka:Local_Transport: broker down\n   at Confluent.Kafka.Producer.Produce()\r\n\t", 20))[..1000];
        var history = FailureHistory.Empty;
        for (var attempt = 1; attempt <= 100; attempt++)
        {
            history = history.Append(new AttemptRecord(attempt, Start.AddSeconds(attempt), FailureClass.Transient, error));
        }

        var bytes = Encoding.UTF8.GetByteCount(history.ToHeaderValue());

        Assert.Equal(1_000, error.Length);
        Assert.Equal(92, history.Omitted);
        Assert.InRange(bytes, FailureHistory.MaxHeaderBytes - 100, FailureHistory.MaxHeaderBytes);
    }

    [Fact]
    public void ToHeaderValue_WorstCaseContent_StaysUnderTheStatedBoundWhichIsUnder2KiB()
    {
        // Everything that costs more than a byte in JSON, the longest numbers and class name, any time.
        var nasty = string.Concat(Enumerable.Repeat("\"\\€😀\ud800<>&'+`\u2028\u00e9" + new string(Enumerable.Range(' ', 95).Select(c => (char)c).ToArray()), 20));
        var latest = new DateTimeOffset(9999, 12, 31, 23, 59, 59, 999, TimeSpan.Zero);
        var history = FailureHistory.Empty;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            history = history.Append(new AttemptRecord(int.MinValue + attempt, latest, FailureClass.Permanent, nasty));
        }

        var header = history.ToHeaderValue();

        Assert.InRange(Encoding.UTF8.GetByteCount(header), 1, FailureHistory.MaxHeaderBytes);
        Assert.True(FailureHistory.MaxHeaderBytes < 2048, $"the stated bound {FailureHistory.MaxHeaderBytes} is under 2 KiB");
        Assert.Equal(1_964, FailureHistory.MaxHeaderBytes);
        Assert.True(FailureHistory.TryParse(header, out var parsed));
        Assert.Equal(history.Attempts, parsed.Attempts);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("{}")]
    [InlineData("{\"attempts\":\"x\"}")]
    [InlineData("{\"omitted\":-1,\"attempts\":[]}")]
    [InlineData("{\"omitted\":1e30,\"attempts\":[]}")]
    [InlineData("{\"omitted\":\"3\",\"attempts\":[]}")]
    [InlineData("{\"attempts\":[7]}")]
    [InlineData("{\"attempts\":[{\"n\":\"one\",\"at\":\"2026-11-25T10:00:00Z\",\"class\":\"transient\"}]}")]
    [InlineData("{\"attempts\":[{\"n\":1.5,\"at\":\"2026-11-25T10:00:00Z\",\"class\":\"transient\"}]}")]
    [InlineData("{\"attempts\":[{\"n\":99999999999,\"at\":\"2026-11-25T10:00:00Z\",\"class\":\"transient\"}]}")]
    [InlineData("{\"attempts\":[{\"n\":1,\"at\":12,\"class\":\"transient\"}]}")]
    [InlineData("{\"attempts\":[{\"n\":1,\"at\":\"yesterday\",\"class\":\"transient\"}]}")]
    [InlineData("{\"attempts\":[{\"n\":1,\"at\":\"2026-11-25T10:00:00Z\",\"class\":\"mild\"}]}")]
    [InlineData("{\"attempts\":[{\"n\":1,\"at\":\"2026-11-25T10:00:00Z\"}]}")]
    [InlineData("{\"attempts\":[],\"attempts\":{}}")]
    [InlineData("{\"attempts\":[{\"n\":1,\"n\":\"x\",\"at\":\"2026-11-25T10:00:00Z\",\"class\":\"transient\"}]}")]
    [InlineData("\ud800")]
    public void TryParse_DamagedHeader_FalseAndParseGivesEmptyWithoutThrowing(string damaged)
    {
        Assert.False(FailureHistory.TryParse(damaged, out var history));
        Assert.Same(FailureHistory.Empty, history);
        Assert.Same(FailureHistory.Empty, FailureHistory.Parse(damaged));
    }

    [Fact]
    public void TryParse_DeeplyNested_FalseWithoutThrowing()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);
        Assert.False(FailureHistory.TryParse(deep, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Parse_Absent_EmptyAndValid(string? absent)
    {
        Assert.True(FailureHistory.TryParse(absent, out var history));
        Assert.Same(FailureHistory.Empty, history);
    }

    [Fact]
    public void TryParse_HandWrittenHeaderWithTooMuch_BoundedAgain()
    {
        var entries = Enumerable.Range(1, 12).Select(n => $"{{\"n\":{n},\"at\":\"2026-11-25T10:00:00Z\",\"class\":\"transient\",\"error\":\"{new string('e', 500)}\\nnext\"}}");
        var header = $"{{\"omitted\":3,\"attempts\":[{string.Join(',', entries)}]}}";

        Assert.True(FailureHistory.TryParse(header, out var history));

        Assert.Equal([1, 6, 7, 8, 9, 10, 11, 12], history.Attempts.Select(a => a.Attempt));
        Assert.Equal(7, history.Omitted);
        Assert.Equal(15, history.TotalAttempts);
        Assert.All(history.Attempts, a => Assert.Equal(FailureHistory.MaxErrorLength, a.Error.Length));
    }

    [Fact]
    public void TryParse_NoOmittedField_ZeroOmitted()
    {
        Assert.True(FailureHistory.TryParse("{\"attempts\":[{\"n\":1,\"at\":\"2026-11-25T10:00:00Z\",\"class\":\"permanent\"}]}", out var history));
        Assert.Equal(new AttemptRecord(1, Start, FailureClass.Permanent, ""), history.Attempts.Single());
        Assert.Equal(0, history.Omitted);
    }
}
