using System.Net;
using System.Text;
using System.Text.Json;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Subscriptions;

/// <summary>The subscriptions topic as the only store: restarts, a second instance, and what a raw read shows.</summary>
public sealed class SubscriptionTopicFollowerTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Restart_SubscriptionsSurvive_CancelledOnesStayCancelled_AndStillRoute()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var topics = PipelineTopics.Create(kafka);
        var store = SubscriptionTestHost.CreateTopic(kafka);
        string kept, cancelled;
        await using (var first = await SubscriptionTestHost.StartAsync(kafka, topics, store))
        {
            kept = (await first.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackUrl = receiver.BaseUrl + "/kept" })).GetProperty("UUID").GetString()!;
            cancelled = (await first.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackUrl = receiver.BaseUrl + "/cancelled" })).GetProperty("UUID").GetString()!;
            using var cancel = await first.SendAsync(HttpMethod.Put, $"/subscriptions/{cancelled}", SubscriptionTestHost.CityKey);
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
            await first.Host.StopAsync();
            Assert.False(first.Host.Pipeline.ExecuteTask is { IsCompleted: false }, "the first host did not stop");
        }

        await using var second = await SubscriptionTestHost.StartAsync(kafka, topics, store);
        using var getKept = await second.SendAsync(HttpMethod.Get, $"/subscriptions/{kept}", SubscriptionTestHost.CityKey);
        using var getCancelled = await second.SendAsync(HttpMethod.Get, $"/subscriptions/{cancelled}", SubscriptionTestHost.CityKey);
        Assert.Equal(HttpStatusCode.OK, getKept.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, getCancelled.StatusCode);

        // The secret was read back (decrypted) too: the restarted instance delivers, signed, to the kept one only.
        using var producer = kafka.CreateProducer();
        var inline = SubscriptionEvents.CallbackTopic(kafka, "city");
        SampleEvents.Produce(producer, topics.Input, SubscriptionEvents.From("city", "parking", inline).Json);
        producer.Flush();
        await Poll.UntilAsync(() => receiver.Received.Count >= 1, Deadline, () => "no callback after the restart");
        var request = Assert.Single(receiver.Received);
        Assert.Equal("/kept", request.PathAndQuery);
        Assert.StartsWith("v1,", request.Header("webhook-signature"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondInstance_SeesASubscriptionCreatedThroughTheFirst_BeforeItsStartCompletes()
    {
        var topics = PipelineTopics.Create(kafka);
        var store = SubscriptionTestHost.CreateTopic(kafka);
        await using var first = await SubscriptionTestHost.StartAsync(kafka, topics, store);
        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(Guid.Parse((await first.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous" })).GetProperty("UUID").GetString()!));
        }

        await using var second = await SubscriptionTestHost.StartAsync(kafka, topics, store);

        // No polling: once StartAsync has returned (the host reports started), every subscription is there.
        Assert.All(ids, id => Assert.NotNull(second.Store.Find("city", id)));
        using var list = await second.SendAsync(HttpMethod.Get, "/subscriptions?size=100", SubscriptionTestHost.CityKey);
        var total = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("page").GetProperty("totalElements").GetInt32();
        Assert.Equal(20, total);

        // And it follows the topic afterwards: a cancel through the first reaches the second.
        using var cancel = await first.SendAsync(HttpMethod.Put, $"/subscriptions/{ids[0]}", SubscriptionTestHost.CityKey);
        await Poll.UntilAsync(() => second.Store.Find("city", ids[0]) is null, Deadline, () => "the cancel did not reach the second instance");
    }

    [Fact]
    public async Task RawRead_OfTheSubscriptionsTopic_HoldsNoSecretInPlainText()
    {
        var topics = PipelineTopics.Create(kafka);
        var store = SubscriptionTestHost.CreateTopic(kafka);
        await using var api = await SubscriptionTestHost.StartAsync(kafka, topics, store);
        const string Token = "tok3n-in-the-query-string";
        var created = await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackUrl = $"https://203.0.113.10/hook?token={Token}" });
        var secret = created.GetProperty("signingSecret").GetString()!;
        var secretKey = secret["whsec_".Length..];
        using var reader = new TopicReader(kafka, store);
        await reader.WaitForAsync(store, 1, Deadline);

        var record = Assert.Single(reader.On(store));
        var raw = Encoding.UTF8.GetString(record.Message.Value) + string.Join(" ", record.Message.Headers?.Select(h => Encoding.UTF8.GetString(h.GetValueBytes())) ?? []);
        Assert.DoesNotContain(secretKey, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(SubscriptionTestHost.CityKey, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(SubscriptionTestHost.EncryptionKey, raw, StringComparison.Ordinal);
        // What an operator may see: who, what kind, where to (scheme, host and port: a path may hold a secret too), and the sealed part.
        var value = JsonDocument.Parse(record.Message.Value).RootElement;
        Assert.Equal("city", value.GetProperty("namespace").GetString());
        Assert.Equal("https://203.0.113.10", value.GetProperty("callback").GetProperty("display").GetString());
        Assert.True(value.GetProperty("callback").GetProperty("sealed").GetProperty("data").GetString()!.Length > 0);
    }
}
