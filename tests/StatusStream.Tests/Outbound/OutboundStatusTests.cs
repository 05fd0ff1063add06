using StatusStream.Commit;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Outbound;
using StatusStream.Records;

namespace StatusStream.Tests.Outbound;

/// <summary>A fresh status's JSON is made when first asked for, once, and is what the status serializes to.</summary>
public sealed class OutboundStatusTests
{
    private static readonly StatusCallback Callback = new(CallbackType.Kafka, "city.parking-callback");
    private static readonly InputOrigin Origin = new("notification.events", 0, 0, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Payload_OfAFreshStatus_ItsJson_MadeOnFirstUseAndKept()
    {
        var status = new NotificationStatus(Guid.NewGuid(), Guid.NewGuid(), false, "mailbox full", "email");
        var outbound = new OutboundStatus(status, payload: null, Callback, Origin, null, Acknowledgement());

        Assert.Null(outbound.PayloadIfMade);
        var payload = outbound.Payload;
        Assert.Equal(NotificationStatusJson.Serialize(status), payload);
        Assert.Same(payload, outbound.Payload);
        Assert.Same(payload, outbound.PayloadIfMade);
        Assert.Same(payload, (outbound with { Attempt = outbound.Attempt }).Payload);
    }

    [Fact]
    public void Payload_GivenWithTheStatus_UsedAsItIs()
    {
        var status = new NotificationStatus(Guid.NewGuid(), Guid.NewGuid(), true, "", "email");
        var readBack = NotificationStatusJson.Serialize(status);

        Assert.Same(readBack, new OutboundStatus(status, readBack, Callback, Origin, null, Acknowledgement()).Payload);
    }

    [Fact]
    public void New_NeitherStatusNorPayload_Refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new OutboundStatus(null, null, Callback, Origin, null, Acknowledgement()));
        Assert.Equal("payload", error.ParamName);
    }

    [Fact]
    public void ToString_NamesTheItem_WithoutMakingThePayloadOrShowingTheTarget()
    {
        var status = new NotificationStatus(Guid.NewGuid(), Guid.NewGuid(), false, "mailbox of jane@example.org full", "email");
        var webhook = new StatusCallback(CallbackType.Webhook, "https://hooks.example.org/in?token=s3cr3t");
        var outbound = new OutboundStatus(status, payload: null, webhook, Origin, null, Acknowledgement());

        var text = outbound.ToString();

        Assert.Contains(status.StatusId, text, StringComparison.Ordinal);
        Assert.DoesNotContain("jane", text, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", text, StringComparison.Ordinal);
        Assert.Null(outbound.PayloadIfMade);
    }

    [Fact]
    public void Equals_AnItemIsItself_NotAnotherWithTheSameContent()
    {
        var status = new NotificationStatus(Guid.NewGuid(), Guid.NewGuid(), true, "", "email");
        var acknowledgement = Acknowledgement();
        var one = new OutboundStatus(status, payload: null, Callback, Origin, null, acknowledgement);
        var other = new OutboundStatus(status, payload: null, Callback, Origin, null, acknowledgement);
        var hash = one.GetHashCode();

        Assert.NotEqual(one, other);
        Assert.Equal(one, one);
        _ = one.Payload;
        Assert.Equal(hash, one.GetHashCode());
    }

    [Fact]
    public void TraceStateAndBaggage_SetInEitherOrder_BothKept_RecordCarriesThem()
    {
        var status = new NotificationStatus(Guid.NewGuid(), Guid.NewGuid(), true, "", "email");
        const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        var one = new OutboundStatus(status, payload: null, Callback, Origin, TraceParent, Acknowledgement()) { TraceState = "congo=1", Baggage = "k=v" };
        var other = new OutboundStatus(status, payload: null, Callback, Origin, TraceParent, Acknowledgement()) { Baggage = "k=v", TraceState = "congo=1" };
        var baggageOnly = new OutboundStatus(status, payload: null, Callback, Origin, null, Acknowledgement()) { Baggage = "k=v" };

        Assert.Equal(("congo=1", "k=v"), (one.TraceState, one.Baggage));
        Assert.Equal(("congo=1", "k=v"), (other.TraceState, other.Baggage));
        Assert.Equal((null, null, "k=v"), (baggageOnly.TraceParent, baggageOnly.TraceState, baggageOnly.Baggage));
        Assert.Equal(TraceParent, one.TraceParent);
        Assert.Equal(TraceParent, other.TraceParent);
        var parentOnly = new OutboundStatus(status, payload: null, Callback, Origin, TraceParent, Acknowledgement());
        Assert.Equal((TraceParent, null, null), (parentOnly.TraceParent, parentOnly.TraceState, parentOnly.Baggage));
        Assert.Equal((TraceParent, "congo=1", "k=v"), ((one with { Attempt = one.Attempt }).TraceParent, one.TraceState, one.Baggage));
        Assert.Equal(("other", "congo=1"), ((one with { TraceParent = "other" }).TraceParent, (one with { TraceParent = "other" }).TraceState));
        Assert.False(ReusableStatusRecord.Fits(baggageOnly));
        var headers = StatusRecord.Build(one).Headers.Select(h => $"{h.Key}={System.Text.Encoding.ASCII.GetString(h.GetValueBytes())}").ToList();
        Assert.Equal([$"traceparent={TraceParent}", "tracestate=congo=1", "baggage=k=v"], headers[^3..]);
    }

    private static OutputAcknowledgement Acknowledgement() => new OffsetLedger().Track("notification.events", 0, 0, 1);
}
