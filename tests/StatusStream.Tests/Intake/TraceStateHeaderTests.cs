using System.Text;
using StatusStream.Intake;

namespace StatusStream.Tests.Intake;

public sealed class TraceStateHeaderTests
{
    [Theory]
    [InlineData("congo=t61rcWkgMzE")]
    [InlineData("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")]
    [InlineData("rojo=00f067aa0ba902b7 ,\tcongo=t61rcWkgMzE ")] // spaces and tabs around the commas are not part of a member
    [InlineData("fw529a3039@dt=1,0abc@my-sys_1=a b")]
    [InlineData("a/b*c_d-e=x,,z=1")] // empty list members are allowed
    [InlineData("")]
    public void IsValid_SpecExamples_Accepted(string value) => Assert.True(TraceStateHeader.IsValid(Encoding.ASCII.GetBytes(value)));

    [Theory]
    [InlineData("Congo=t61rcWkgMzE")] // keys are lower case
    [InlineData("1abc=x")] // a simple key starts with a letter
    [InlineData("congo=")] // a value has at least one character
    [InlineData("congo=a=b")]
    [InlineData("congo=a\r\nx=1")]
    [InlineData("congo=\u00e9")]
    [InlineData("congo")]
    [InlineData("rojo=1,rojo=2")] // each key once
    [InlineData("a@b@c=1")]
    [InlineData("a@Sys=1")]
    [InlineData("a@systemnameiswaytoolong=1")]
    public void IsValid_OffGrammar_Refused(string value) => Assert.False(TraceStateHeader.IsValid(Encoding.UTF8.GetBytes(value)));

    [Fact]
    public void IsValid_Limits_ThirtyTwoMembersAnd512Characters()
    {
        var members = Enumerable.Range(0, 32).Select(i => $"k{i}=v").ToList();
        Assert.True(TraceStateHeader.IsValid(Encoding.ASCII.GetBytes(string.Join(',', members))));
        Assert.False(TraceStateHeader.IsValid(Encoding.ASCII.GetBytes(string.Join(',', members.Append("k32=v")))));

        var atLimit = "k=" + new string('v', 256) + ",l=" + new string('w', 251);
        Assert.Equal(512, atLimit.Length);
        Assert.True(TraceStateHeader.IsValid(Encoding.ASCII.GetBytes(atLimit)));
        Assert.False(TraceStateHeader.IsValid(Encoding.ASCII.GetBytes(atLimit + "w")));
        Assert.False(TraceStateHeader.IsValid(Encoding.ASCII.GetBytes("k=" + new string('v', 257))));
    }
}
