using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using StatusStream.Delivery.Webhooks;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Delivery.Webhooks;

/// <summary>The connect step with real sockets: a name's refused addresses are never connected to, whatever else it resolves to.</summary>
public sealed class GuardedConnectorTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ConnectAsync_NameResolvesToARefusedAndAnAllowedAddress_OnlyTheAllowedOneIsConnected()
    {
        // Both addresses listen on the same port: 127.0.0.2 (refused by DeniedNetworks) and 127.0.0.1 (allowed).
        var port = LoopbackPort.Unused();
        await using var allowed = await WebhookReceiver.StartAsync(port);
        using var refused = new TcpListener(IPAddress.Parse("127.0.0.2"), port);
        refused.Start();
        // The refused address first, as a resolver that prefers it would answer.
        var resolver = new FixedResolver(IPAddress.Parse("127.0.0.2"), IPAddress.Parse("127.0.0.1"));
        var rules = new WebhookAddressRules(new WebhookOptions { AllowLoopback = true, DeniedNetworks = "127.0.0.2/32" });
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = new GuardedConnector(rules, resolver).ConnectAsync,
            PooledConnectionLifetime = TimeSpan.Zero,
            UseProxy = false,
        };
        using var client = new HttpClient(handler);

        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"http://both.test:{port}/hook") { Content = new StringContent("{}") };
            request.Headers.ConnectionClose = true;
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The marker: all three arrived on the allowed address, each on a connection made after the refused address was
        // passed over (the connector tries addresses one after another), so a connection to it would already be queued.
        await Poll.UntilAsync(() => allowed.Received.Count == 3, Deadline, () => $"{allowed.Received.Count} of 3 requests");
        Assert.False(refused.Pending(), "a connection reached the refused address");
        Assert.Equal(3, resolver.Lookups);
    }

    [Fact]
    public async Task ConnectAsync_NameResolvesOnlyToRefusedAddresses_RefusedWithoutConnecting()
    {
        var port = LoopbackPort.Unused();
        using var refused = new TcpListener(IPAddress.Parse("127.0.0.2"), port);
        refused.Start();
        var rules = new WebhookAddressRules(new WebhookOptions { AllowLoopback = true, DeniedNetworks = "127.0.0.2/32" });
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = new GuardedConnector(rules, new FixedResolver(IPAddress.Parse("127.0.0.2"))).ConnectAsync,
            UseProxy = false,
        };
        using var client = new HttpClient(handler);

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync(new Uri($"http://refused.test:{port}/hook"), new StringContent("{}")));

        var inner = e.InnerException;
        while (inner is not null and not WebhookTargetRefusedException)
        {
            inner = inner.InnerException;
        }

        Assert.NotNull(inner);
        Assert.False(refused.Pending(), "a connection reached the refused address");
    }

    private sealed class FixedResolver(params IPAddress[] answer) : IHostResolver
    {
        private int _lookups;

        public int Lookups => Volatile.Read(ref _lookups);

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _lookups);
            return Task.FromResult(answer);
        }
    }
}
