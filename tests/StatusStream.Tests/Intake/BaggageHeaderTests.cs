using System.Text;
using StatusStream.Intake;

namespace StatusStream.Tests.Intake;

public sealed class BaggageHeaderTests
{
    [Theory]
    [InlineData("userId=alice")]
    [InlineData("userId=alice,serverNode=DF%2028,isProduction=false")]
    [InlineData("key1 = value1 ; property1 ; propertyKey=propertyValue , key2=value2")]
    [InlineData("k=")] // an empty value is a value
    public void IsValid_SpecExamples_Accepted(string value) => Assert.True(BaggageHeader.IsValid(Encoding.ASCII.GetBytes(value)));

    [Theory]
    [InlineData("userId")] // a member needs a value
    [InlineData("=alice")]
    [InlineData("user id=alice")]
    [InlineData("k=a b")]
    [InlineData("k=\"quoted\"")]
    [InlineData("k=back\\slash")]
    [InlineData("k=v\r\nPOST /smuggled HTTP/1.1")]
    [InlineData("k=v,,l=w")]
    [InlineData("k=\u00e9")]
    [InlineData("")]
    public void IsValid_OffGrammar_Refused(string value) => Assert.False(BaggageHeader.IsValid(Encoding.UTF8.GetBytes(value)));

    [Fact]
    public void IsValid_Limits_SixtyFourMembersAnd8192Bytes()
    {
        var members = Enumerable.Range(0, 64).Select(i => $"k{i}=v").ToList();
        Assert.True(BaggageHeader.IsValid(Encoding.ASCII.GetBytes(string.Join(',', members))));
        Assert.False(BaggageHeader.IsValid(Encoding.ASCII.GetBytes(string.Join(',', members.Append("k64=v")))));

        var atLimit = "k=" + new string('v', 8190);
        Assert.True(BaggageHeader.IsValid(Encoding.ASCII.GetBytes(atLimit)));
        Assert.False(BaggageHeader.IsValid(Encoding.ASCII.GetBytes(atLimit + "v")));
    }
}
