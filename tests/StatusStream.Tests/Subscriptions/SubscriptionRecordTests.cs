using System.Security.Cryptography;
using System.Text.Json;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Outbound;
using StatusStream.Subscriptions;

namespace StatusStream.Tests.Subscriptions;

/// <summary>The subscriptions topic's record format, which every instance of every version in a cluster reads.</summary>
public sealed class SubscriptionRecordTests
{
    [Fact]
    public void Write_InboundMessageSubscription_KeepsOutcomeThatEveryReaderRequiresAndReadsBack()
    {
        Assert.True(SecretSealer.TryCreate(new SubscriptionOptions { EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
            out var sealer, out var error), error);
        var filter = new SubscriptionFilter(null, "parking", OutcomeFilter.Any, [], OutboundKind.InboundMessage);
        var subscription = new Subscription(Guid.NewGuid(), "city", SubscriptionMode.Continuous, SubscriptionState.Active,
            DateTimeOffset.UnixEpoch, filter, callbackUrl: null, "city.subscriptions-callback", WebhookProfile.Hal, signingSecret: null);

        var value = SubscriptionRecord.Write(subscription, sealer!);

        // The API leaves "outcome" out for this kind; the record must not, or an instance that requires it drops the subscription.
        using var document = JsonDocument.Parse(value);
        Assert.Equal("""{"sourceService":"parking","outcome":"any","kind":"inbound-message"}""", document.RootElement.GetProperty("filter").GetRawText());
        Assert.True(SubscriptionRecord.TryRead(subscription.Id, value, sealer!, out var read, out var problem), problem);
        Assert.Equal(OutboundKind.InboundMessage, read!.Filter.Kind);
        Assert.Equal("parking", read.Filter.Service);
    }
}
