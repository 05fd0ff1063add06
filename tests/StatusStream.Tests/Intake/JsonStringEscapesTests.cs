using System.Text;
using StatusStream.Intake;

namespace StatusStream.Tests.Intake;

public sealed class JsonStringEscapesTests
{
    [Theory]
    [InlineData("plain", false)]
    [InlineData("\\ud83d\\ude00", false)]
    [InlineData("\\\\ud800", false)]
    [InlineData("\\ud800", true)]
    [InlineData("\\udc00", true)]
    [InlineData("\\ud83d\\u0041", true)]
    [InlineData("a\\ud83dx", true)]
    public void HasLoneSurrogate_RawString_FindsOnlyUnpairedSurrogates(string raw, bool expected)
    {
        Assert.Equal(expected, JsonStringEscapes.HasLoneSurrogate(Encoding.UTF8.GetBytes(raw)));
    }
}
