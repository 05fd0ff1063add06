using System.Text;
using StatusStream.Retry;

namespace StatusStream.Tests.Retry;

public sealed class FailureHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ToHeaderValue_Parse_RoundTrips()
    {
        var history = FailureHistory.Empty
            .Append(new AttemptRecord(1, Start, FailureClass.Transient, "kafka:Local_MsgTimedOut: Local: Message timed out"))
            .Append(new AttemptRecord(2, Start.AddSeconds(3), FailureClass.Permanent, "kafka:MsgSizeTooLarge: too large"));

        var parsed = FailureHistory.Parse(history.ToHeaderValue());

        Assert.Equal(history.Attempts, parsed.Attempts);
        Assert.Equal(0, parsed.Omitted);
        Assert.Equal(2, parsed.TotalAttempts);
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
        Assert.Equal(20, FailureHistory.Parse(history.ToHeaderValue()).TotalAttempts);
    }

    [Fact]
    public void Append_LongMultiLineError_OneLineOfBoundedLength()
    {
        var stackTrace = "System.Exception: boom\n   at Foo.Bar()\r\n\tat Baz()" + new string('x', 1000);

        var kept = FailureHistory.Empty.Append(new AttemptRecord(1, Start, FailureClass.Transient, stackTrace)).Attempts.Single();

        Assert.Equal(FailureHistory.MaxErrorLength, kept.Error.Length);
        Assert.DoesNotContain('\n', kept.Error);
        Assert.DoesNotContain('\t', kept.Error);
    }

    [Fact]
    public void ToHeaderValue_HundredHugeErrors_StaysUnderTheStatedBound()
    {
        var history = FailureHistory.Empty;
        var huge = string.Concat(Enumerable.Repeat("€\"\\ line\n", 200));
        for (var attempt = 1; attempt <= 100; attempt++)
        {
            history = history.Append(new AttemptRecord(attempt, Start.AddSeconds(attempt), FailureClass.Transient, huge));
        }

        var bytes = Encoding.UTF8.GetByteCount(history.ToHeaderValue());

        Assert.InRange(bytes, 1, FailureHistory.MaxHeaderBytes);
        Assert.True(FailureHistory.MaxHeaderBytes < 4096);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"attempts\":\"x\"}")]
    [InlineData("{\"attempts\":[{\"n\":\"one\",\"at\":\"2026-11-25T10:00:00Z\"}]}")]
    [InlineData("[1,2]")]
    public void TryParse_DamagedHeader_FalseAndParseGivesEmpty(string damaged)
    {
        Assert.False(FailureHistory.TryParse(damaged, out _));
        Assert.Same(FailureHistory.Empty, FailureHistory.Parse(damaged));
    }

    [Fact]
    public void Parse_Absent_Empty() => Assert.Same(FailureHistory.Empty, FailureHistory.Parse(null));
}
