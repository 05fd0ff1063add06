using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using Moq;
using StatusStream.Delivery.Webhooks;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Records;
using StatusStream.Subscriptions;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Subscriptions;

/// <summary>
/// Every record read back from the subscriptions topic is authenticated (its tag) and judged by the API's rules before it
/// changes anything: the attacks of a principal that may write the topic but holds no key.
/// </summary>
public sealed class SubscriptionRecordReaderTests
{
    private static readonly Guid Id = Guid.NewGuid();

    [Fact]
    public void Read_RecordAsTheWriterTagsIt_TheSubscription()
    {
        var read = Reader().Read(SubscriptionTestHost.TaggedRecord(Stream("city.subscriptions-callback")));

        Assert.False(read.IsSkip, read.Problem);
        Assert.Equal(Id, read.Subscription!.Id);
        Assert.Equal("city.subscriptions-callback", read.Subscription.Topic);
        Assert.False(read.Untagged);
    }

    [Fact]
    public void Read_UntaggedRecordWrittenStraightToTheTopic_SkippedAsUnauthenticated()
    {
        var forged = SubscriptionTestHost.TaggedRecord(Stream("city.subscriptions-callback"));
        forged.Headers = [];

        var read = Reader().Read(forged);

        Assert.Equal(SubscriptionRecordRead.Unauthenticated, read.SkipReason);
        Assert.Contains(SubscriptionHeaders.Tag, read.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mode", "only-once")]
    [InlineData("state", "disabled")]
    [InlineData("namespace", "parking")]
    [InlineData("filter", "sourceService")]
    [InlineData("createdAt", "2020-01-01T00:00:00Z")]
    public void Read_TaggedRecordWithAnyPartOfItsValueChanged_SkippedAsUnauthenticated(string property, string change)
    {
        var record = SubscriptionTestHost.TaggedRecord(Stream("city.subscriptions-callback"));
        var value = JsonNode.Parse(record.Value)!.AsObject();
        value[property] = property == "filter" ? new JsonObject { [change] = "billing", ["outcome"] = "any" } : change;
        record.Value = Encoding.UTF8.GetBytes(value.ToJsonString());

        Assert.Equal(SubscriptionRecordRead.Unauthenticated, Reader().Read(record).SkipReason);
    }

    [Fact]
    public void Read_TaggedRecordCopiedUnderAnotherKey_SkippedAsUnauthenticated()
    {
        var record = SubscriptionTestHost.TaggedRecord(Stream("city.subscriptions-callback"));
        record.Key = Encoding.UTF8.GetBytes(Guid.NewGuid().ToString("D"));

        Assert.Equal(SubscriptionRecordRead.Unauthenticated, Reader().Read(record).SkipReason);
    }

    [Fact]
    public void Read_KeyRotation_TheNewestTagsAndAListedOlderKeyStillVerifies_AnUnlistedOneDoesNot()
    {
        var newer = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var rotated = Reader(new SubscriptionOptions { EncryptionKey = $"{newer},{SubscriptionTestHost.EncryptionKey}" });
        var sealerWithNewer = Sealer(newer);

        Assert.False(rotated.Read(SubscriptionTestHost.TaggedRecord(Stream("city.subscriptions-callback"))).IsSkip);
        Assert.False(rotated.Read(SubscriptionTestHost.TaggedRecord(Stream("city.subscriptions-callback"), sealerWithNewer)).IsSkip);
        Assert.Equal(SubscriptionRecordRead.Unauthenticated,
            Reader().Read(SubscriptionTestHost.TaggedRecord(Stream("city.subscriptions-callback"), sealerWithNewer)).SkipReason);
    }

    [Theory]
    [InlineData("city", "evil.loot-callback", "another namespace")]
    [InlineData("city", "__consumer_offsets", "callback topic")]
    [InlineData("city", "statusstream.subscriptions", "callback topic")]
    [InlineData("statusstream", "statusstream.loot-callback", "StatusStream's own")]
    public void Read_AuthenticStreamTheApiWouldRefuse_SkippedAsRefused(string ns, string topic, string why)
    {
        var subscription = new Subscription(Id, ns, SubscriptionMode.Continuous, SubscriptionState.Active, DateTimeOffset.UnixEpoch,
            SubscriptionFilter.None, callbackUrl: null, topic, WebhookProfile.Hal, signingSecret: null);

        var read = Reader().Read(SubscriptionTestHost.TaggedRecord(subscription));

        Assert.Equal(SubscriptionRecordRead.Refused, read.SkipReason);
        Assert.Contains(why, read.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data", "hal", "169.254.169.254")]
    [InlineData("http://127.0.0.1:8080/hook", "hal", "loopback")]
    [InlineData("ftp://203.0.113.10/x", "hal", "not a webhook URL")]
    [InlineData("https://203.0.113.10/x", "osp", "credentials")]
    public void Read_AuthenticWebhookTheApiWouldRefuse_SkippedAsRefused(string url, string profile, string why)
    {
        Assert.True(WebhookProfileName.TryParse(profile, out var parsed));
        var subscription = new Subscription(Id, "city", SubscriptionMode.Continuous, SubscriptionState.Active, DateTimeOffset.UnixEpoch,
            SubscriptionFilter.None, url, topic: null, parsed, "whsec_" + Convert.ToBase64String(new byte[32]));

        var read = Reader().Read(SubscriptionTestHost.TaggedRecord(subscription));

        Assert.Equal(SubscriptionRecordRead.Refused, read.SkipReason);
        Assert.Contains(why, read.Problem, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("meta-data", read.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AuthenticRecordWithNullCreatedAt_SkippedAsMalformedWithoutQuotingIt()
    {
        var value = JsonNode.Parse(SubscriptionRecord.Write(Stream("city.subscriptions-callback"), SubscriptionTestHost.Sealer))!.AsObject();
        value["createdAt"] = null;

        var read = Reader().Read(SubscriptionTestHost.TaggedRecord(Id, "city", Encoding.UTF8.GetBytes(value.ToJsonString())));

        Assert.Equal(SubscriptionRecordRead.Malformed, read.SkipReason);
        Assert.DoesNotContain("city", read.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TaggedTombstone_TheEndWithItsNamespaceAndReason()
    {
        var read = Reader().Read(SubscriptionTestHost.TaggedRecord(Id, "city", value: null, ended: "completed"));

        Assert.True(read.IsEnd, read.Problem);
        Assert.Equal(("city", EndReason.Completed), (read.Namespace, read.Reason));
    }

    [Theory]
    [InlineData(SubscriptionHeaders.Namespace, "evil")]
    [InlineData(SubscriptionHeaders.Ended, "cancelled")]
    public void Read_TaggedTombstoneWithAHeaderChanged_SkippedAsUnauthenticated(string header, string forged)
    {
        var tombstone = SubscriptionTestHost.TaggedRecord(Id, "city", value: null, ended: "completed");
        tombstone.Headers.Remove(header);
        tombstone.Headers.Add(header, Encoding.UTF8.GetBytes(forged));

        Assert.Equal(SubscriptionRecordRead.Unauthenticated, Reader().Read(tombstone).SkipReason);
    }

    [Fact]
    public void Read_UntaggedTombstone_SkippedAsUnauthenticated()
    {
        var forged = new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(Id.ToString("D")),
            Value = null!,
            Headers = new Headers { { SubscriptionHeaders.Namespace, "evil"u8.ToArray() } },
        };

        Assert.Equal(SubscriptionRecordRead.Unauthenticated, Reader().Read(forged).SkipReason);
    }

    [Fact]
    public void Read_UntaggedWhileAcceptUntaggedRecords_ReadButStillJudgedByTheApiRules()
    {
        var reader = Reader(new SubscriptionOptions { EncryptionKey = SubscriptionTestHost.EncryptionKey, AcceptUntaggedRecords = true });
        var legacy = SubscriptionTestHost.TaggedRecord(Stream("city.subscriptions-callback"));
        legacy.Headers = [];
        var forged = SubscriptionTestHost.TaggedRecord(Stream("evil.loot-callback"));
        forged.Headers = [];

        var read = reader.Read(legacy);

        Assert.False(read.IsSkip, read.Problem);
        Assert.True(read.Untagged);
        Assert.Equal(SubscriptionRecordRead.Refused, reader.Read(forged).SkipReason);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("")]
    public void Read_KeyThatIsNoSubscriptionId_SkippedAsBadKey(string key)
    {
        var record = SubscriptionTestHost.TaggedRecord(Stream("city.subscriptions-callback"));
        record.Key = Encoding.UTF8.GetBytes(key);

        Assert.Equal(SubscriptionRecordRead.BadKey, Reader().Read(record).SkipReason);
    }

    private static Subscription Stream(string topic) =>
        new(Id, "city", SubscriptionMode.Continuous, SubscriptionState.Active, DateTimeOffset.UnixEpoch,
            SubscriptionFilter.None, callbackUrl: null, topic, WebhookProfile.Hal, signingSecret: null);

    private static SecretSealer Sealer(string key) =>
        SecretSealer.TryCreate(new SubscriptionOptions { EncryptionKey = key }, out var sealer, out var error) ? sealer! : throw new InvalidOperationException(error);

    private static SubscriptionRecordReader Reader(SubscriptionOptions? options = null)
    {
        options ??= new SubscriptionOptions { EncryptionKey = SubscriptionTestHost.EncryptionKey };
        var webhooks = new WebhookOptions();
        var rules = new SubscriptionRules(Options.Create(options), Options.Create(webhooks), new NamedEndpointMatcher(Options.Create(webhooks)),
            new WebhookAddressRules(webhooks), Mock.Of<IHostResolver>(), TimeProvider.System);
        return new SubscriptionRecordReader(Sealer(options.EncryptionKey), rules, Options.Create(options));
    }
}
