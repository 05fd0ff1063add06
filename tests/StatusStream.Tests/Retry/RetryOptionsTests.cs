using StatusStream.Retry;

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
}
