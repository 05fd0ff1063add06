using System.Text;
using System.Text.Json;
using StatusStream.Intake;

namespace StatusStream.Tests.Intake;

public sealed class Rfc3339Tests
{
    [Theory]
    [InlineData("2024-05-01T12:00:00Z", 0L, 0)]
    [InlineData("2024-05-01t12:00:00.5z", 5_000_000L, 0)]
    [InlineData("2024-05-01T12:00:00.123456789-03:30", 1_234_567L, -210)]
    [InlineData("2024-05-01T12:00:00.000000+14:00", 0L, 840)]
    public void TryParse_Valid_KeepsOffsetAndFractionToTheTick(string text, long fractionTicks, int offsetMinutes)
    {
        Assert.True(Rfc3339.TryParse(Encoding.UTF8.GetBytes(text), out var value));

        var expected = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.FromMinutes(offsetMinutes)).AddTicks(fractionTicks);
        Assert.Equal(expected, value);
        Assert.Equal(expected.Offset, value.Offset);
    }

    [Theory]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("2100-02-29T00:00:00Z")]
    [InlineData("2024-04-31T00:00:00Z")]
    [InlineData("2024-05-01T12:00:60Z")]
    [InlineData("2024-05-01T24:00:00Z")]
    [InlineData("2024-05-01T12:00:00")]
    [InlineData("2024-05-01 12:00:00Z")]
    [InlineData("2024-05-01T12:00:00+14:01")]
    [InlineData("2024-05-01T12:00:00+0100")]
    [InlineData("2024-05-01T12:00:00.Z")]
    [InlineData("2024-05-01T12:00:00.1234567890Z")]
    [InlineData("1899-12-31T23:59:59Z")]
    [InlineData("3000-01-01T00:00:00Z")]
    [InlineData("2024-05-01")]
    [InlineData("")]
    public void TryParse_OutsideTheGrammar_Refuses(string text)
    {
        Assert.False(Rfc3339.TryParse(Encoding.UTF8.GetBytes(text), out var value));
        Assert.Equal(default, value);
    }

    [Fact]
    public void TryParse_LongestAccepted_IsMaxLength()
    {
        var longest = "2024-05-01T12:00:00.123456789+14:00";

        Assert.Equal(Rfc3339.MaxLength, longest.Length);
        Assert.True(Rfc3339.TryParse(Encoding.UTF8.GetBytes(longest), out _));
    }

    [Theory]
    [InlineData("\"2024-05-01T12:00:00Z\"", true)]
    [InlineData("\"2024-05-01\\u005412:00:00Z\"", true)]
    [InlineData("\"2024-05-01T12:00:00Z\\ud800\"", false)]
    [InlineData("null", false)]
    public void TryRead_StringToken_UnescapesBeforeParsing(string json, bool expected)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();

        Assert.Equal(expected, Rfc3339.TryRead(ref reader, out _));
    }
}
