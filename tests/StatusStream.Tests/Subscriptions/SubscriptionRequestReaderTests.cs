using System.Text;
using StatusStream.Subscriptions;

namespace StatusStream.Tests.Subscriptions;

/// <summary>
/// The POST /subscriptions body reader: a field that is there with the wrong JSON type is named with the type it must
/// have, never reported as missing (a caller who sent <c>"mode":1</c> was told "'mode' is required").
/// </summary>
public sealed class SubscriptionRequestReaderTests
{
    [Theory]
    [InlineData("""{"mode":1}""", "'mode' must be a string: \"only-once\" or \"continuous\".")]
    [InlineData("""{"mode":true}""", "'mode' must be a string: \"only-once\" or \"continuous\".")]
    [InlineData("""{"mode":["continuous"]}""", "'mode' must be a string: \"only-once\" or \"continuous\".")]
    [InlineData("""{"mode":{"value":"continuous"}}""", "'mode' must be a string: \"only-once\" or \"continuous\".")]
    [InlineData("""{"mode":"continuous","callbackUrl":42}""", "'callbackUrl' must be a string.")]
    [InlineData("""{"mode":"continuous","callbackTopic":false}""", "'callbackTopic' must be a string.")]
    [InlineData("""{"mode":"continuous","profile":1}""", "'profile' must be a string.")]
    [InlineData("""{"mode":"continuous","filter":"parking"}""", "'filter' must be an object.")]
    [InlineData("""{"mode":"continuous","filter":{"provider":1}}""", "'filter.provider' must be a string.")]
    [InlineData("""{"mode":"continuous","filter":{"sourceNamespace":[]}}""", "'filter.sourceNamespace' must be a string.")]
    [InlineData("""{"mode":"continuous","filter":{"sourceService":{}}}""", "'filter.sourceService' must be a string.")]
    [InlineData("""{"mode":"continuous","filter":{"outcome":0}}""", "'filter.outcome' must be a string.")]
    [InlineData("""{"mode":"continuous","filter":{"kind":2}}""", "'filter.kind' must be a string.")]
    [InlineData("""{"mode":"continuous","filter":{"eventIds":"3f1c0b6e-8a52-4d0e-9a55-0d6f0c1e2b3a"}}""", "'filter.eventIds' must be an array of strings.")]
    [InlineData("""{"mode":"continuous","filter":{"eventIds":[1]}}""", "'filter.eventIds' must be an array of strings.")]
    [InlineData("""{"mode":"continuous","filter":{"eventIds":["3f1c0b6e-8a52-4d0e-9a55-0d6f0c1e2b3a",null]}}""", "'filter.eventIds' must be an array of strings.")]
    [InlineData("""[{"mode":"continuous"}]""", "The body must be a JSON object.")]
    [InlineData("""null""", "The body must be a JSON object.")]
    public void TryRead_FieldOfTheWrongType_NamesTheTypeItMustHave(string json, string expected)
    {
        Assert.False(SubscriptionRequestReader.TryRead(Encoding.UTF8.GetBytes(json), out var request, out var problem));

        Assert.Null(request);
        Assert.Equal(expected, problem);
    }

    [Theory]
    [InlineData("""{"mode":"continuous","mode":"only-once"}""")]
    [InlineData("""{"mode":"continuous","filter":{"outcome":"failure","outcome":"any"}}""")]
    [InlineData("""{"mode":1,"mode":1}""")]
    [InlineData("""{"mode":"continuous","filter":{"eventIds":[],"eventIds":[]}}""")]
    [InlineData("""{"mode":"continuous",}""")]
    public void TryRead_PropertyTwice_Refused(string json)
    {
        Assert.False(SubscriptionRequestReader.TryRead(Encoding.UTF8.GetBytes(json), out var request, out var problem));

        Assert.Null(request);
        Assert.Equal("The body is not JSON, or names a property twice.", problem);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"mode":null}""")]
    [InlineData("""{"callbackUrl":"https://203.0.113.10/x","filter":{"outcome":"failure"}}""")]
    public void TryRead_ModeAbsentOrNull_SaysItIsRequired(string json)
    {
        Assert.False(SubscriptionRequestReader.TryRead(Encoding.UTF8.GetBytes(json), out _, out var problem));

        Assert.Equal("'mode' is required: \"only-once\" or \"continuous\".", problem);
    }

    [Fact]
    public void TryRead_NullOptionalFields_ReadAsAbsent()
    {
        var json = """{"mode":"only-once","callbackUrl":null,"callbackTopic":null,"profile":null,"filter":{"provider":null,"outcome":null,"eventIds":null}}""";

        Assert.True(SubscriptionRequestReader.TryRead(Encoding.UTF8.GetBytes(json), out var request, out var problem), problem);

        Assert.Equal(SubscriptionMode.OnlyOnce, request!.Mode);
        Assert.Null(request.CallbackUrl);
        Assert.Null(request.CallbackTopic);
        Assert.Null(request.Profile);
        Assert.Null(request.Provider);
        Assert.Null(request.Outcome);
        Assert.Empty(request.EventIds);
    }

    [Theory]
    [InlineData("""{"mode":"continuous","callback":"x"}""", "Unknown property 'callback'; allowed: mode, callbackUrl, callbackTopic, profile, filter.")]
    [InlineData("""{"mode":"continuous","a b.c":1}""", "Unknown property 'a b.c'; allowed: mode, callbackUrl, callbackTopic, profile, filter.")]
    [InlineData("""{"Mode":"continuous"}""", "Unknown property 'Mode'; allowed: mode, callbackUrl, callbackTopic, profile, filter.")]
    [InlineData("""{"mode":"continuous","filter":{"colour":{"r":1}}}""", "Unknown filter property 'colour'; allowed: provider, sourceNamespace, sourceService, outcome, eventIds, kind.")]
    public void TryRead_UnknownProperty_NamedWithTheAllowedOnes(string json, string expected)
    {
        Assert.False(SubscriptionRequestReader.TryRead(Encoding.UTF8.GetBytes(json), out var request, out var problem));

        Assert.Null(request);
        Assert.Equal(expected, problem);
    }
}
