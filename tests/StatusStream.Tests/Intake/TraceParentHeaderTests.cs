using System.Text;
using StatusStream.Intake;

namespace StatusStream.Tests.Intake;

public sealed class TraceParentHeaderTests
{
    [Theory]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")]
    [InlineData("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff")]
    public void IsValid_W3CForm_Accepted(string value)
    {
        Assert.True(TraceParentHeader.IsValid(Encoding.ASCII.GetBytes(value)));
        Assert.True(TraceParentHeader.IsValid(value));
    }

    [Theory]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\nPOST /smuggled HTTP/1.1")] // the attack: CRLF after a valid value
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e473\n-00f067aa0ba902b7-01")]
    [InlineData("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")] // version ff is invalid
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")] // all-zero trace id
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")] // all-zero parent id
    [InlineData("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")] // upper-case hex
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g")]
    [InlineData("00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7")]
    [InlineData("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")]
    [InlineData("")]
    public void IsValid_AnythingElse_Refused(string value)
    {
        Assert.False(TraceParentHeader.IsValid(Encoding.UTF8.GetBytes(value)));
        Assert.False(TraceParentHeader.IsValid(value));
    }

    [Fact]
    public void IsValid_HugeValue_RefusedAndNullRefused()
    {
        Assert.False(TraceParentHeader.IsValid(Encoding.ASCII.GetBytes("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" + new string('0', 120_000))));
        Assert.False(TraceParentHeader.IsValid((string?)null));
        Assert.False(TraceParentHeader.IsValid("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0\u0661"));
    }
}
