using StatusStream.Intake;

namespace StatusStream.Tests.Intake;

public sealed class CallbackTopicNameTests
{
    [Theory]
    [InlineData("mobility.ride-booking-callback", "mobility", "ride-booking")]
    [InlineData("a.b-callback", "a", "b")]
    [InlineData("0.x-callback-callback", "0", "x-callback")]
    [InlineData("n1.s-9-callback", "n1", "s-9")]
    public void TryParse_CallbackTopic_SplitsNamespaceAndService(string topic, string expectedNamespace, string expectedService)
    {
        Assert.True(CallbackTopicName.TryParse(topic, out var @namespace, out var service));

        Assert.Equal(expectedNamespace, @namespace);
        Assert.Equal(expectedService, service);
        Assert.True(CallbackTopicName.IsValid(topic));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ride-booking-callback")]
    [InlineData("mobility.ride-booking")]
    [InlineData("mobility.-callback")]
    [InlineData(".ride-booking-callback")]
    [InlineData("mobility.ride.booking-callback")]
    [InlineData("Mobility.ride-booking-callback")]
    [InlineData("mobility.ride_booking-callback")]
    [InlineData("-mobility.ride-booking-callback")]
    [InlineData("mobility-.ride-booking-callback")]
    [InlineData("mobility.ride--callback")]
    [InlineData("mobility.ride-booking-callback\n")]
    [InlineData("mobility.ride-booking-Callback")]
    [InlineData("mobility.ride-bookingcallback")]
    public void TryParse_NotACallbackTopic_ReturnsFalseAndEmptyNames(string topic)
    {
        Assert.False(CallbackTopicName.TryParse(topic, out var @namespace, out var service));

        Assert.Equal("", @namespace);
        Assert.Equal("", service);
        Assert.False(CallbackTopicName.IsValid(topic));
    }

    [Theory]
    [InlineData(63, true)]
    [InlineData(64, false)]
    public void IsValid_LabelLength_AllowsUpTo63(int length, bool expected)
    {
        var label = new string('a', length);

        Assert.Equal(expected, CallbackTopicName.IsValid($"{label}.svc-callback"));
        Assert.Equal(expected, CallbackTopicName.IsValid($"ns.{label}-callback"));
    }

    [Fact]
    public void IsValid_Null_ReturnsFalse()
    {
        Assert.False(CallbackTopicName.IsValid(null!));
        Assert.False(CallbackTopicName.TryParse(null!, out _, out _));
    }

    [Fact]
    public void For_NamespaceAndService_BuildsTheTopicTheManifestCreates()
    {
        Assert.Equal("mobility.ride-booking-callback", CallbackTopicName.For("mobility", "ride-booking"));
    }

    [Theory]
    [InlineData("Mobility", "ride-booking")]
    [InlineData("mobility", "ride.booking")]
    [InlineData("", "ride-booking")]
    public void For_NotDnsLabels_Throws(string @namespace, string service)
    {
        Assert.Throws<ArgumentException>(() => CallbackTopicName.For(@namespace, service));
    }
}
