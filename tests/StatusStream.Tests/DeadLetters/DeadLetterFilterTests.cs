using Confluent.Kafka;
using StatusStream.DeadLetters;
using StatusStream.Records;

namespace StatusStream.Tests.DeadLetters;

public sealed class DeadLetterFilterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("30s", 0, 0, 30)]
    [InlineData("15m", 0, 15, 0)]
    [InlineData("2h", 2, 0, 0)]
    [InlineData("1.5h", 1, 30, 0)]
    public void TryParseSince_Duration_BackFromNow(string text, int hours, int minutes, int seconds)
    {
        Assert.True(DeadLetterFilter.TryParseSince(text, Now, out var since, out _));
        Assert.Equal(Now - new TimeSpan(hours, minutes, seconds), since);
    }

    [Theory]
    [InlineData("99999999999d", "reaches back further than the year 1")]
    [InlineData("800000d", "reaches back further than the year 1")]
    [InlineData("NaNd", "is neither an RFC 3339 time")]
    [InlineData("Infinitys", "is neither an RFC 3339 time")]
    public void TryParseSince_OutOfRangeOrNotANumber_FalseWithTheReason(string text, string expected)
    {
        Assert.False(DeadLetterFilter.TryParseSince(text, Now, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseSince_Days_And_Rfc3339()
    {
        Assert.True(DeadLetterFilter.TryParseSince("1d", Now, out var since, out _));
        Assert.Equal(Now.AddDays(-1), since);
        Assert.True(DeadLetterFilter.TryParseSince("2026-11-25T10:00:00Z", Now, out since, out _));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), since);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("5x")]
    [InlineData("h")]
    public void TryParseSince_Garbage_FalseWithMessage(string text)
    {
        Assert.False(DeadLetterFilter.TryParseSince(text, Now, out _, out var error));
        Assert.Contains("RFC 3339", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_ReasonTargetPrefixSince_AllMustHold()
    {
        var letter = DeadLetterAt("retries-exhausted", "osp.billing-callback", Now.AddMinutes(-5));

        Assert.True(new DeadLetterFilter(null, null, null).Matches(letter));
        Assert.True(new DeadLetterFilter("retries-exhausted", "osp.*", Now.AddHours(-1)).Matches(letter));
        Assert.False(new DeadLetterFilter("not-json", null, null).Matches(letter));
        Assert.False(new DeadLetterFilter(null, "osp.billing", null).Matches(letter));
        Assert.False(new DeadLetterFilter(null, "city.*", null).Matches(letter));
        Assert.False(new DeadLetterFilter(null, null, Now.AddMinutes(-1)).Matches(letter));
    }

    [Fact]
    public void Matches_WebhookOfBeforeThePathWasCut_ByItsSchemeHostAndPort_NeverShowsThePath()
    {
        var older = new DeadLetter(0, 8, "refused-by-receiver", DeadLetterHeaders.StageDelivery, "webhook", "https://hooks.chat.example/services/T0/B0/secret",
            Now, "", "events", "0", "1", null, null, new Message<byte[], byte[]> { Value = [] });

        Assert.True(new DeadLetterFilter(null, "https://hooks.chat.example", null).Matches(older));
        Assert.False(new DeadLetterFilter(null, "https://hooks.chat.example/services/*", null).Matches(older));
        Assert.Equal("https://hooks.chat.example", older.ShownTarget);
        Assert.DoesNotContain("secret", older.Describe(), StringComparison.Ordinal);
        Assert.Equal("https://hooks.chat.example/services/T0/B0/secret", older.Target);
    }

    [Fact]
    public void Matches_ReplayMarker_Never() =>
        Assert.False(new DeadLetterFilter(null, null, null).Matches(DeadLetterAt(DeadLetter.ReplayedMarkerReason, null, Now)));

    private static DeadLetter DeadLetterAt(string reason, string? target, DateTimeOffset at) =>
        new(0, 7, reason, DeadLetterHeaders.StageDelivery, target is null ? null : "kafka", target, at, "", "events", "0", "1", null, null,
            new Message<byte[], byte[]> { Value = [] });
}
