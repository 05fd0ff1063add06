using System.Text;
using System.Text.Json;
using StatusStream.Intake;

namespace StatusStream.Tests.Intake;

public sealed class CanonicalUuidTests
{
    [Theory]
    [InlineData("7c9e6679-7425-40de-944b-e07fc1f90ae7", true)]
    [InlineData("7C9E6679-7425-40DE-944B-E07FC1F90AE7", true)]
    [InlineData("00000000-0000-0000-0000-000000000000", true)]
    [InlineData("7c9e6679-7425-40de-944b-e07fc1f90ae", false)]
    [InlineData("7c9e6679-7425-40de-944b-e07fc1f90ae7 ", false)]
    [InlineData("7c9e6679+7425-40de-944b-e07fc1f90ae7", false)]
    [InlineData("0x9e6679-7425-40de-944b-e07fc1f90ae7", false)]
    [InlineData("7c9e6679-7425-40de-944b-e07fc1f90ag7", false)]
    [InlineData("{7c9e6679-7425-40de-944b-e07fc1f90ae}", false)]
    public void TryParse_Text_AcceptsOnlyTheCanonicalForm(string text, bool expected)
    {
        var accepted = CanonicalUuid.TryParse(Encoding.UTF8.GetBytes(text), out var value);

        Assert.Equal(expected, accepted);
        Assert.Equal(expected ? Guid.Parse(text) : Guid.Empty, value);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // the way hardware without vectors takes
    public void TryParse_EveryPosition_ParsesAsGuidDoes_AndRefusesEveryNonHexNeighbour(bool vectors)
    {
        var random = new Random(20261202);
        for (var n = 0; n < 500; n++)
        {
            var text = new Guid(Enumerable.Range(0, 16).Select(_ => (byte)random.Next(256)).ToArray()).ToString("D");
            text = n % 2 == 0 ? text : text.ToUpperInvariant();
            Assert.True(CanonicalUuid.TryParse(Encoding.ASCII.GetBytes(text), vectors, out var value));
            Assert.Equal(Guid.Parse(text), value);

            var bytes = Encoding.ASCII.GetBytes(text);
            var i = n % CanonicalUuid.Length;
            var original = bytes[i];
            // The characters just outside each hex range, and a digit where a dash belongs.
            // Bytes beyond ASCII too: a hex digit with its top bit set must not pass as that digit.
            foreach (var wrong in i is 8 or 13 or 18 or 23 ? "0a"u8.ToArray() : [.. "/:@G`g- +"u8, (byte)('0' | 0x80), (byte)('A' | 0x80), (byte)('f' | 0x80), 0xFF, 0x00])
            {
                bytes[i] = wrong;
                Assert.False(CanonicalUuid.TryParse(bytes, vectors, out var refused), $"{Encoding.ASCII.GetString(bytes)} accepted");
                Assert.Equal(Guid.Empty, refused);
            }

            bytes[i] = original;
        }
    }

    [Theory]
    [InlineData("\"7c9e6679-7425-40de-944b-e07fc1f90ae7\"", true)]
    [InlineData("\"\\u0037c9e6679-7425-40de-944b-e07fc1f90ae7\"", true)]
    [InlineData("\"7c9e6679-7425-40de-944b-e07fc1f90ae\\u0037\"", true)]
    [InlineData("\"7c9e6679-7425-40de-944b-e07fc1f90ae\\ud800\"", false)]
    [InlineData("\"7c9e6679-7425-40de-944b-e07fc1f90ae7\\n\"", false)]
    [InlineData("42", false)]
    public void TryRead_StringToken_UnescapesBeforeParsing(string json, bool expected)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();

        Assert.Equal(expected, CanonicalUuid.TryRead(ref reader, out var value));
        Assert.Equal(expected ? Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7") : Guid.Empty, value);
    }
}
