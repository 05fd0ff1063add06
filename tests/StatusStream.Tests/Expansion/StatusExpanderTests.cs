using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Records;

namespace StatusStream.Tests.Expansion;

public sealed class StatusExpanderTests
{
    private static readonly Guid EventId = Guid.Parse("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    private static readonly Guid First = Guid.Parse("2089ad58-857e-4b31-a647-b78432c129d2");
    private static readonly Guid Second = Guid.Parse("f47ac10b-58cc-4372-a567-0e02b2c3d479");
    private static readonly Guid Third = Guid.Parse("9b2f4c1e-3d5a-4e6b-8f7a-1c2d3e4f5a6b");

    private static readonly NotificationEvent Multicast = new(
        EventId,
        "email",
        [new RecipientOutcome(First, true, ""), new RecipientOutcome(Second, false, "mailbox full"), new RecipientOutcome(Third, false, "")],
        new StatusCallback(CallbackType.Kafka, "mobility.ride-booking-callback"),
        new EventSource("mobility", "ride-booking"),
        new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Expand_ThreeRecipients_OneStatusEachInInputOrderWithCommonEventId()
    {
        var statuses = StatusExpander.Expand(Multicast);

        var details = new StatusDetails(OccurredAt: Multicast.OccurredAt, Source: Multicast.Source);
        Assert.Equal(
            [
                new NotificationStatus(EventId, First, true, "", "email") { Details = details },
                new NotificationStatus(EventId, Second, false, "mailbox full", "email") { Details = details },
                new NotificationStatus(EventId, Third, false, "", "email") { Details = details },
            ],
            statuses);
        Assert.Single(statuses.Select(s => s.EventId).Distinct());
        Assert.Equal(3, statuses.Select(s => s.StatusId).Distinct().Count());
    }

    [Fact]
    public void Expand_SingleRecipient_OneStatus()
    {
        var unicast = Multicast with { Recipients = [new RecipientOutcome(Second, false, "timeout")], Provider = "sms", Source = null, OccurredAt = null };

        var status = Assert.Single(StatusExpander.Expand(unicast));

        Assert.Equal(new NotificationStatus(EventId, Second, false, "timeout", "sms"), status);
        Assert.Same(StatusDetails.None, status.Details);
    }

    [Fact]
    public void Expand_SameEventTwice_GivesIdenticalStatusesAndBytes()
    {
        // Redelivery after a crash must produce byte-identical records, or receivers could not deduplicate.
        var first = StatusExpander.Expand(Multicast);
        var second = StatusExpander.Expand(Multicast with { Recipients = [.. Multicast.Recipients] });

        Assert.Equal(first, second);
        Assert.Equal(first.Select(NotificationStatusJson.Serialize), second.Select(NotificationStatusJson.Serialize));
    }

    [Fact]
    public void Expand_OptionalFields_EventFieldsOnEveryStatusAndRecipientFieldsOnTheirOwn()
    {
        var sentAt = new DateTimeOffset(2017, 5, 14, 12, 15, 30, TimeSpan.Zero);
        var createdAt = sentAt.AddSeconds(-1);
        var receipt = Multicast with
        {
            Reference = "12345678",
            NotificationType = NotificationTypes.Email,
            CreatedAt = createdAt,
            Recipients =
            [
                new RecipientOutcome(First, true, "", new RecipientReceipt("hello@gov.uk", DeliveryStates.Delivered, sentAt)),
                new RecipientOutcome(Second, false, "mailbox full"),
            ],
        };

        var statuses = StatusExpander.Expand(receipt);

        var eventDetails = new StatusDetails("12345678", "email", createdAt, Multicast.OccurredAt, Source: Multicast.Source);
        Assert.Equal(eventDetails with { Address = "hello@gov.uk", DeliveryState = "delivered", SentAt = sentAt }, statuses[0].Details);
        Assert.Equal(eventDetails, statuses[1].Details);

        // A recipient that adds nothing of its own carries the event's one details object, not a copy per status.
        Assert.Same(receipt.Details, statuses[1].Details);
    }

    [Fact]
    public void Expand_IntoRoomOfTheWrongSize_Refused()
    {
        var room = new NotificationStatus[Multicast.Recipients.Count + 1];

        Assert.Throws<ArgumentException>(() => StatusExpander.Expand(Multicast, room.AsSpan()));
        Assert.Throws<ArgumentException>(() => StatusExpander.Expand(Multicast, room.AsSpan(0, Multicast.Recipients.Count - 1)));
        StatusExpander.Expand(Multicast, room.AsSpan(1));
        Assert.Equal(StatusExpander.Expand(Multicast), room[1..]);
    }

    [Fact]
    public void Event_OptionalFieldsSetAndCleared_TheSharedNoneAgain()
    {
        var withReference = Multicast with { Source = null, OccurredAt = null, Reference = "r-1" };
        Assert.Equal("r-1", withReference.Details.Reference);
        Assert.Equal(new StatusDetails(Reference: "r-1"), withReference.Details);

        Assert.Same(StatusDetails.None, (withReference with { Reference = null }).Details);
        Assert.Same(StatusDetails.None, new NotificationEvent(EventId, "email", Multicast.Recipients, Multicast.Callback, null, null).Details);
    }

    [Fact]
    public void Expand_OptionalFields_NeverReachTheStatusJson()
    {
        var receipt = Multicast with
        {
            Reference = "ref",
            Recipients = [new RecipientOutcome(First, true, "", new RecipientReceipt("hello@gov.uk", DeliveryStates.Delivered, DateTimeOffset.UnixEpoch))],
        };

        var withDetails = Assert.Single(StatusExpander.Expand(receipt));

        Assert.Equal(NotificationStatusJson.Serialize(withDetails with { Details = StatusDetails.None }), NotificationStatusJson.Serialize(withDetails));
    }

    [Fact]
    public void Details_ToString_NeverShowsTheAddress()
    {
        var status = Assert.Single(StatusExpander.Expand(Multicast with { Recipients = [new RecipientOutcome(First, true, "", new RecipientReceipt("hello@gov.uk", null, null))] }));

        Assert.DoesNotContain("hello@gov.uk", status.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hello@gov.uk", status.Details.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hello@gov.uk", new RecipientOutcome(First, true, "", new RecipientReceipt("hello@gov.uk", null, null)).ToString(), StringComparison.Ordinal);
        Assert.Contains("Address = (redacted)", status.Details.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_SameRecipientListedTwice_KeepsBoth()
    {
        // Intake refuses such an event (duplicate-recipient); this step itself only fans out what it is given.
        var repeated = Multicast with { Recipients = [new RecipientOutcome(First, false, "busy"), new RecipientOutcome(First, true, "")] };

        var statuses = StatusExpander.Expand(repeated);

        Assert.Equal([false, true], statuses.Select(s => s.Success));
    }

    [Fact]
    public void Expand_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => StatusExpander.Expand(null!));
    }
}
