using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatusStream.Hosting;
using StatusStream.Retry;
using StatusStream.Settings;

namespace StatusStream.Tests.Retry;

public sealed class RetryOptionsTests
{
    [Fact]
    public void PolicyFor_NoRoutes_Defaults() =>
        Assert.Equal(new RetryPolicy(5, 3, 2, 48, 0, false), new RetryOptions().PolicyFor("city.parking-callback"));

    [Fact]
    public void PolicyFor_ExactRoute_OverridesOnlyWhatItSets()
    {
        var options = new RetryOptions { Routes = { ["osp.gateway-callback"] = new RetryRouteOptions { MaxRetries = 3 } } };

        Assert.Equal(new RetryPolicy(3, 3, 2, 48, 0, false), options.PolicyFor("osp.gateway-callback"));
        Assert.Equal(5, options.PolicyFor("osp.other-callback").MaxRetries);
    }

    [Fact]
    public void PolicyFor_PrefixRoutes_LongestMatchWins()
    {
        var options = new RetryOptions
        {
            Routes =
            {
                ["osp.*"] = new RetryRouteOptions { MaxRetries = 3 },
                ["osp.billing*"] = new RetryRouteOptions { MaxRetries = 1, OrderedKeys = true },
                ["*"] = new RetryRouteOptions { Jitter = 0.1 },
            },
        };

        Assert.Equal(1, options.PolicyFor("osp.billing-callback").MaxRetries);
        Assert.True(options.PolicyFor("osp.billing-callback").OrderedKeys);
        Assert.Equal(3, options.PolicyFor("osp.gateway-callback").MaxRetries);
        Assert.Equal(new RetryPolicy(5, 3, 2, 48, 0.1, false), options.PolicyFor("city.parking-callback"));
    }

    [Fact]
    public void PolicyFor_ExactRouteAndPrefix_ExactWins()
    {
        var options = new RetryOptions
        {
            Routes = { ["osp.*"] = new RetryRouteOptions { MaxRetries = 3 }, ["osp.a-callback"] = new RetryRouteOptions { MaxRetries = 9 } },
        };

        Assert.Equal(9, options.PolicyFor("osp.a-callback").MaxRetries);
    }

    [Fact]
    public void PolicyFor_PartialOverride_KeepsEveryOtherDefault()
    {
        var options = new RetryOptions
        {
            MaxRetries = 7,
            BackoffFactor = 25,
            BackoffBase = 4,
            BackoffMax = 52_000,
            Jitter = 0.2,
            OrderedKeys = true,
            Routes = { ["osp.*"] = new RetryRouteOptions { BackoffMax = 600 } },
        };

        Assert.Equal(new RetryPolicy(7, 25, 4, 600, 0.2, true), options.PolicyFor("osp.gateway-callback"));
    }

    [Fact]
    public void PolicyFor_PrefixDoesNotMatch_Defaults()
    {
        var options = new RetryOptions { Routes = { ["osp.*"] = new RetryRouteOptions { MaxRetries = 3 } } };

        Assert.Equal(5, options.PolicyFor("osp-gateway-callback").MaxRetries);
        Assert.Equal(5, options.PolicyFor("OSP.gateway-callback").MaxRetries);
        Assert.Equal(3, options.PolicyFor("osp.").MaxRetries);
    }

    [Fact]
    public void PolicyFor_RouteWithTarget_MatchesTheTargetNotTheKey()
    {
        var options = new RetryOptions
        {
            Routes =
            {
                ["partner"] = new RetryRouteOptions { Target = "https://partner.example/hooks/*", MaxRetries = 2 },
                ["partner-orders"] = new RetryRouteOptions { Target = "https://partner.example/hooks/orders", MaxRetries = 9 },
            },
        };

        Assert.Equal(2, options.PolicyFor("https://partner.example/hooks/status").MaxRetries);
        Assert.Equal(9, options.PolicyFor("https://partner.example/hooks/orders").MaxRetries);
        Assert.Equal(5, options.PolicyFor("partner").MaxRetries);
    }

    [Fact]
    public void Bind_StrictFromConfiguration_DottedPrefixKeysAndUrlTargetsWork()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["Retry:Jitter"] = "0.2",
            ["Retry:Routes:osp.*:MaxRetries"] = "3",
            ["Retry:Routes:partner:Target"] = "https://partner.example/hooks/*",
            ["Retry:Routes:partner:BackoffMax"] = "600",
        });

        Assert.Equal(new RetryPolicy(3, 3, 2, 48, 0.2, false), options.PolicyFor("osp.gateway-callback"));
        Assert.Equal(new RetryPolicy(5, 3, 2, 600, 0.2, false), options.PolicyFor("https://partner.example/hooks/status"));
    }

    [Fact]
    public void Bind_UrlAsRouteKey_RefusedBecauseColonSplitsTheKey()
    {
        // Why RetryRouteOptions.Target exists: "https:" ends the key, the rest becomes unknown settings.
        var error = Record.Exception(() => Bind(new Dictionary<string, string?>
        {
            ["Retry:Routes:https://partner.example/*:MaxRetries"] = "2",
        }));

        Assert.NotNull(error);
    }

    private static RetryOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddValidatedOptions<RetryOptions, RetryOptionsValidator>(configuration, RetryOptions.SectionName);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<RetryOptions>>().Value;
    }
}
