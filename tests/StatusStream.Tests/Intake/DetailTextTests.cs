using StatusStream.Intake;

namespace StatusStream.Tests.Intake;

public sealed class DetailTextTests
{
    [Fact]
    public void Printable_TerminalControlSequences_EscapedAsUnicodeEscapes()
    {
        var hostile = "a\u001b[2J\u001b]0;owned\u0007\r\nb\u009b\u202e\u2028\u200bc";

        Assert.Equal("a\\u001b[2J\\u001b]0;owned\\u0007\\u000d\\u000ab\\u009b\\u202e\\u2028\\u200bc", DetailText.Printable(hostile));
    }

    [Fact]
    public void Printable_OrdinaryTextAndSurrogatePairs_KeptAsTheyAre_LoneSurrogateEscaped()
    {
        Assert.Equal("plain text, é ü 漢字 😀", DetailText.Printable("plain text, é ü 漢字 😀"));
        Assert.Equal("x\\ud800y", DetailText.Printable("x\ud800y"));
    }

    [Fact]
    public void Printable_Bounded_EvenWhenEveryCharacterExpands()
    {
        var result = DetailText.Printable(new string('\u001b', 10_000), 100);

        Assert.True(result.Length <= 100, result);
        Assert.EndsWith("...", result, StringComparison.Ordinal);
        Assert.DoesNotContain(result, char.IsControl);
    }

    [Fact]
    public void Echo_ControlCharacters_EscapedNotReplaced()
    {
        Assert.Equal("\"\\u001b[31mred\"", DetailText.Echo("\u001b[31mred"));
    }

    [Fact]
    public void NotJson_ParserMessageWithControlCharacters_Escaped()
    {
        var invalid = InvalidInput.NotJson("found \u001b]0;title\u0007\r\n here");

        Assert.Equal("not JSON: found \\u001b]0;title\\u0007\\u000d\\u000a here", invalid.Detail);
    }
}
