using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StatusStream.Http;
using StatusStream.Records;
using StatusStream.Subscriptions;

namespace StatusStream.Tests.Support;

/// <summary>
/// A processor host with subscriptions on: its own subscriptions topic, two namespaces with API keys
/// (city, parking), the HTTP listener on a free loopback port, webhooks to loopback allowed.
/// </summary>
internal sealed class SubscriptionTestHost : IAsyncDisposable
{
    public const string CityKey = "city-key-0123456789abcdef";
    public const string ParkingKey = "parking-key-0123456789abcdef";

    /// <summary>A fixed test key (base64 of 32 bytes); production keys come from a mounted secret.</summary>
    public static readonly string EncryptionKey = Convert.ToBase64String(SHA256.HashData("statusstream test encryption key"u8));

    private readonly HttpClient _http;

    private SubscriptionTestHost(PipelineHost host, HttpClient http)
    {
        Host = host;
        _http = http;
    }

    public PipelineHost Host { get; }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>The client of the listener, for a request <see cref="SendAsync"/> cannot make (raw bytes).</summary>
    public HttpClient Http => _http;

    public SubscriptionStore Store => Host.Services.GetRequiredService<SubscriptionStore>();

    /// <summary>A sealer with <see cref="EncryptionKey"/>: what every test host seals and tags with.</summary>
    public static SecretSealer Sealer { get; } = SecretSealer.TryCreate(new SubscriptionOptions { EncryptionKey = EncryptionKey }, out var sealer, out _)
        ? sealer!
        : throw new InvalidOperationException("the test key");

    /// <summary>A record as the writer makes it, tagged with <paramref name="sealer"/> (default: the test key); value null: a tombstone.</summary>
    public static Message<byte[], byte[]> TaggedRecord(Guid id, string ns, byte[]? value, string? ended = null, SecretSealer? sealer = null)
    {
        var key = Encoding.UTF8.GetBytes(id.ToString("D"));
        var headers = new Headers();
        if (ended is not null)
        {
            headers.Add(SubscriptionHeaders.Namespace, Encoding.UTF8.GetBytes(ns));
            headers.Add(SubscriptionHeaders.Ended, Encoding.UTF8.GetBytes(ended));
        }

        SubscriptionRecordTag.Add(headers, sealer ?? Sealer, key, ns, value);
        return new Message<byte[], byte[]> { Key = key, Value = value!, Headers = headers };
    }

    public static Message<byte[], byte[]> TaggedRecord(Subscription subscription, SecretSealer? sealer = null) =>
        TaggedRecord(subscription.Id, subscription.Namespace, SubscriptionRecord.Write(subscription, sealer ?? Sealer), sealer: sealer);

    public static string Digest(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static Dictionary<string, string?> Settings(string subscriptionsTopic) => new()
    {
        ["Subscriptions:Enabled"] = "true",
        ["Subscriptions:Topic"] = subscriptionsTopic,
        ["Subscriptions:EncryptionKey"] = EncryptionKey,
        ["Subscriptions:ApiKeys:city"] = Digest(CityKey),
        ["Subscriptions:ApiKeys:parking"] = Digest(ParkingKey),
        ["Http:Urls"] = "http://127.0.0.1:0",
        ["Webhooks:AllowLoopback"] = "true",
        ["Webhooks:TimeoutSeconds"] = "2",
        ["Retry:BackoffFactor"] = "0.1",
        ["Retry:BackoffMax"] = "0.5",
    };

    /// <summary>A fresh subscriptions topic on the test cluster.</summary>
    public static string CreateTopic(TestKafka kafka)
    {
        var topic = TestKafka.Unique("subscriptions-");
        kafka.CreateTopic(topic, 3);
        return topic;
    }

    public static Task<SubscriptionTestHost> StartAsync(TestKafka kafka, PipelineTopics topics, string subscriptionsTopic,
        params (string Key, string Value)[] extra) => StartAsync(kafka, topics, subscriptionsTopic, configure: null, extra);

    public static async Task<SubscriptionTestHost> StartAsync(TestKafka kafka, PipelineTopics topics, string subscriptionsTopic,
        Action<HostApplicationBuilder>? configure, params (string Key, string Value)[] extra)
    {
        var settings = Settings(subscriptionsTopic);
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var host = await PipelineHost.StartAsync(kafka, topics, settings, configure);
        var address = host.Services.GetRequiredService<HttpListenerService>().Addresses.Single();
        return new SubscriptionTestHost(host, new HttpClient { BaseAddress = new Uri(address) });
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, string? json = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return _http.SendAsync(request);
    }

    /// <summary>Creates a subscription that must be accepted; returns the 201 body.</summary>
    public async Task<JsonElement> CreateAsync(string key, object body)
    {
        using var response = await SendAsync(HttpMethod.Post, "/subscriptions", key, JsonSerializer.Serialize(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Host.DisposeAsync();
    }
}
