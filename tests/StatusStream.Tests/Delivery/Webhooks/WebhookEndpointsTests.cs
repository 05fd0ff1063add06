using System.Net.Http;
using Microsoft.Extensions.Options;
using Moq;
using Polly.CircuitBreaker;
using StatusStream.Delivery;
using StatusStream.Delivery.Webhooks;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Delivery.Webhooks.Signing;
using StatusStream.Outbound;
using StatusStream.Records;

namespace StatusStream.Tests.Delivery.Webhooks;

/// <summary>The per-endpoint breaker and the bounded registry, on a fake clock.</summary>
public sealed class WebhookEndpointsTests
{
    private static readonly WebhookAttemptResult Failed = new(new DeliveryFailure(FailureClass.Transient, "http:503"), "5xx");
    private static readonly WebhookAttemptResult Refused = new(new DeliveryFailure(FailureClass.Permanent, "http:403"), "4xx");

    [Fact]
    public async Task Breaker_TransientFailuresPastTheRatio_OpensThenHalfOpensAfterBreakThenClosesOnSuccess()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var endpoint = Endpoints(clock).For("https://receiver.test/hook")!;

        for (var i = 0; i < 4; i++)
        {
            await endpoint.Breaker.ExecuteAsync(_ => ValueTask.FromResult(Failed));
        }

        Assert.Equal(CircuitState.Open, endpoint.BreakerState.CircuitState);
        await Assert.ThrowsAsync<BrokenCircuitException>(async () => await endpoint.Breaker.ExecuteAsync(_ => ValueTask.FromResult(WebhookAttemptResult.Delivered)));

        clock.Advance(TimeSpan.FromSeconds(4));
        await Assert.ThrowsAsync<BrokenCircuitException>(async () => await endpoint.Breaker.ExecuteAsync(_ => ValueTask.FromResult(WebhookAttemptResult.Delivered)));

        // After the break one trial goes through (half-open); it fails, so the breaker opens again.
        clock.Advance(TimeSpan.FromSeconds(1));
        await endpoint.Breaker.ExecuteAsync(_ => ValueTask.FromResult(Failed));
        Assert.Equal(CircuitState.Open, endpoint.BreakerState.CircuitState);

        // The next trial succeeds: closed, and requests flow again.
        clock.Advance(TimeSpan.FromSeconds(5));
        var trial = await endpoint.Breaker.ExecuteAsync(_ => ValueTask.FromResult(WebhookAttemptResult.Delivered));
        Assert.Same(WebhookAttemptResult.Delivered, trial);
        Assert.Equal(CircuitState.Closed, endpoint.BreakerState.CircuitState);
    }

    [Fact]
    public async Task Breaker_PermanentAnswers_NeverOpenIt()
    {
        var endpoint = Endpoints(new FakeTimeProvider()).For("https://receiver.test/hook")!;

        for (var i = 0; i < 10; i++)
        {
            await endpoint.Breaker.ExecuteAsync(_ => ValueTask.FromResult(Refused));
        }

        Assert.Equal(CircuitState.Closed, endpoint.BreakerState.CircuitState);
    }

    [Fact]
    public void For_TwoHostsOneEach_OneEndpointPerSchemeHostAndPort()
    {
        var endpoints = Endpoints(new FakeTimeProvider());

        Assert.Same(endpoints.For("https://a.test/x"), endpoints.For("https://a.test/y?z=1"));
        Assert.NotSame(endpoints.For("https://a.test/x"), endpoints.For("https://a.test:8443/x"));
        Assert.NotSame(endpoints.For("https://a.test/x"), endpoints.For("https://b.test/x"));
    }

    [Fact]
    public void For_MoreHostsThanTheBound_RegistryStaysBounded()
    {
        var endpoints = Endpoints(new FakeTimeProvider(), maxUnnamed: 3);

        for (var i = 0; i < 50; i++)
        {
            Assert.NotNull(endpoints.For($"https://host{i}.test/hook"));
        }

        Assert.Equal(3, endpoints.All.Count());
    }

    [Fact]
    public async Task For_SameHostTwoNamespaces_OneEndpointEachAndOnesBreakerLeavesTheOtherClosed()
    {
        var endpoints = Endpoints(new FakeTimeProvider());
        var a = endpoints.For("https://shared.test/failing", "a")!;
        var b = endpoints.For("https://shared.test/fine", "b")!;

        Assert.NotSame(a, b);
        Assert.Same(a, endpoints.For("https://shared.test/other", "a"));
        Assert.Equal(("a", "b"), (a.Tenant, b.Tenant));
        for (var i = 0; i < 4; i++)
        {
            await a.Breaker.ExecuteAsync(_ => ValueTask.FromResult(Failed));
        }

        Assert.Equal(CircuitState.Open, a.BreakerState.CircuitState);
        Assert.Equal(CircuitState.Closed, b.BreakerState.CircuitState);
    }

    [Fact]
    public void For_NamedEndpoint_OneForEveryNamespace()
    {
        var options = new WebhookOptions { Endpoints = { ["partner"] = new WebhookEndpointOptions { Url = "https://partner.test/" } } };
        var endpoints = Endpoints(new FakeTimeProvider(), options: options);

        Assert.Same(endpoints.For("https://partner.test/x", "a"), endpoints.For("https://partner.test/y", "b"));
        Assert.Null(endpoints.For("https://partner.test/x", "a")!.Tenant);
    }

    [Fact]
    public void For_ManyNamespacesOneHost_RegistryStaysBounded()
    {
        var endpoints = Endpoints(new FakeTimeProvider(), maxUnnamed: 3);

        for (var i = 0; i < 50; i++)
        {
            Assert.NotNull(endpoints.For("https://shared.test/hook", $"tenant{i}"));
        }

        Assert.Equal(3, endpoints.All.Count());
    }

    [Fact]
    public void For_NamedPrefix_LongestMatchWinsAndRequireKnownRefusesOthers()
    {
        var options = new WebhookOptions
        {
            RequireKnownEndpoint = true,
            Endpoints =
            {
                ["partner"] = new WebhookEndpointOptions { Url = "https://partner.test/" },
                ["billing"] = new WebhookEndpointOptions { Url = "https://partner.test/billing/" },
            },
        };
        var endpoints = Endpoints(new FakeTimeProvider(), options: options);

        Assert.Equal("billing", endpoints.For("https://partner.test/billing/hook")!.Name);
        Assert.Equal("partner", endpoints.For("https://partner.test/other")!.Name);
        Assert.Null(endpoints.For("https://stranger.test/hook"));
    }

    [Fact]
    public void Failed_EveryAttemptFailsForTheWindow_TrueOnceAtTheWindowAndASuccessStartsAgain()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var endpoint = Endpoints(clock).For("https://receiver.test/hook")!;
        var window = TimeSpan.FromDays(5);
        var start = clock.GetUtcNow();

        Assert.False(endpoint.Failed(start, window, out var since));
        Assert.Equal(start, since);
        Assert.False(endpoint.Failed(start + window - TimeSpan.FromSeconds(1), window, out _));
        endpoint.Succeeded();
        Assert.Null(endpoint.FailingSince);
        // The run began again at the success: a failure one window after the first is not enough.
        Assert.False(endpoint.Failed(start + window, window, out since));
        Assert.Equal(start + window, since);
        Assert.True(endpoint.Failed(start + (2 * window), window, out since));
        Assert.Equal(start + window, since);
        Assert.False(endpoint.Failed(start + (3 * window), window, out _)); // told once per run
        endpoint.SeenEnabled();
        Assert.Null(endpoint.FailingSince);
        Assert.False(endpoint.Failed(start + (3 * window), window, out _));
        Assert.False(endpoint.Failed(start + (4 * window), TimeSpan.Zero, out _)); // 0 = never
    }

    [Fact]
    public void StateKey_UnnamedEndpointsOfTwoNamespaces_DifferAndNamePathsNever()
    {
        var endpoints = Endpoints(new FakeTimeProvider());

        var a = endpoints.For("https://receiver.test/secret-path?token=x", "a")!;
        var b = endpoints.For("https://receiver.test/secret-path?token=x", "b")!;

        Assert.Equal("endpoint:https://receiver.test#a", a.StateKey);
        Assert.NotEqual(a.StateKey, b.StateKey);
        Assert.Equal("a", a.StateNamespace);
    }

    private static WebhookEndpoints Endpoints(TimeProvider clock, int maxUnnamed = 1000, WebhookOptions? options = null)
    {
        options ??= new WebhookOptions();
        options.MaxUnnamedEndpoints = maxUnnamed;
        options.BreakerMinimumThroughput = 4;
        options.BreakerFailureRatio = 0.5;
        options.BreakerSamplingSeconds = 30;
        options.BreakerBreakSeconds = 5;
        var wrapped = Options.Create(options);
        // Attempts never run here: these tests only resolve.
        var sender = new WebhookSender(Mock.Of<IHttpMessageHandlerFactory>(), new WebhookRequestBuilder(new WebhookBodyRenderer(), new StandardWebhookSigner(clock)), wrapped, clock);
        var attempts = new WebhookAttemptServices(sender, new DeliveryOutcomes("webhook", Mock.Of<IDeliveryFailures>()), clock);
        return new WebhookEndpoints(wrapped, new NamedEndpointMatcher(wrapped), attempts, CancellationToken.None);
    }
}
