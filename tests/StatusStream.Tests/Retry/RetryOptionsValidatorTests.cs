using StatusStream.Retry;

namespace StatusStream.Tests.Retry;

public sealed class RetryOptionsValidatorTests
{
    private static IReadOnlyList<string> Failures(RetryOptions options) =>
        new RetryOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void Validate_Defaults_Valid() => Assert.Empty(Failures(new RetryOptions()));

    [Fact]
    public void Validate_OpenNotificatiesPolicy_Valid() =>
        Assert.Empty(Failures(new RetryOptions { BackoffFactor = 25, BackoffBase = 4, MaxRetries = 7, BackoffMax = 52_000 }));

    [Theory]
    [InlineData(nameof(RetryOptions.MaxRetries), -1, "Retry:MaxRetries must be between 0 and 100 (was -1).")]
    [InlineData(nameof(RetryOptions.MaxRetries), 101, "Retry:MaxRetries must be between 0 and 100 (was 101).")]
    [InlineData(nameof(RetryOptions.BackoffFactor), 0, "Retry:BackoffFactor must be above 0 and at most 86400 seconds (was 0).")]
    [InlineData(nameof(RetryOptions.BackoffFactor), 86_401, "Retry:BackoffFactor must be above 0 and at most 86400 seconds (was 86401).")]
    [InlineData(nameof(RetryOptions.BackoffFactor), double.NaN, "Retry:BackoffFactor must be above 0 and at most 86400 seconds (was NaN).")]
    [InlineData(nameof(RetryOptions.BackoffBase), 101, "Retry:BackoffBase must be between 1 and 100 (was 101).")]
    [InlineData(nameof(RetryOptions.BackoffBase), 0.5, "Retry:BackoffBase must be between 1 and 100 (was 0.5).")]
    [InlineData(nameof(RetryOptions.BackoffMax), -3, "Retry:BackoffMax must be above 0 and at most 604800 seconds (7 days) (was -3).")]
    [InlineData(nameof(RetryOptions.BackoffMax), double.PositiveInfinity, "Retry:BackoffMax must be above 0 and at most 604800 seconds (7 days) (was Infinity).")]
    [InlineData(nameof(RetryOptions.Jitter), -0.1, "Retry:Jitter must be between 0 and 0.5 (was -0.1).")]
    [InlineData(nameof(RetryOptions.Jitter), 0.9, "Retry:Jitter must be between 0 and 0.5 (was 0.9).")]
    [InlineData(nameof(RetryOptions.HoldSeconds), 0, "Retry:HoldSeconds must be between 0.1 and 3600 seconds (was 0).")]
    [InlineData(nameof(RetryOptions.HoldSeconds), 3_601, "Retry:HoldSeconds must be between 0.1 and 3600 seconds (was 3601).")]
    [InlineData(nameof(RetryOptions.HoldSeconds), double.NaN, "Retry:HoldSeconds must be between 0.1 and 3600 seconds (was NaN).")]
    [InlineData(nameof(RetryOptions.MaxHeldStatuses), 0, "Retry:MaxHeldStatuses must be between 1 and 10000000 (was 0).")]
    public void Validate_BadSetting_NamesIt(string setting, double value, string expected)
    {
        var options = new RetryOptions();
        var property = typeof(RetryOptions).GetProperty(setting)!;
        property.SetValue(options, property.PropertyType == typeof(int) ? (object)(int)value : value);

        Assert.Equal([expected], Failures(options));
    }

    [Fact]
    public void Validate_BadRouteSetting_NamesRouteAndSetting()
    {
        var options = new RetryOptions { Routes = { ["osp.*"] = new RetryRouteOptions { MaxRetries = -2 } } };
        Assert.Equal(["Retry:Routes:osp.*:MaxRetries must be between 0 and 100 (was -2)."], Failures(options));
    }

    [Theory]
    [InlineData("osp*.x")]
    [InlineData("*osp")]
    [InlineData(" ")]
    public void Validate_StarNotAtEndOrBlankRoute_Rejected(string route)
    {
        var options = new RetryOptions { Routes = { [route] = new RetryRouteOptions() } };
        Assert.Contains(Failures(options), f => f.Contains("is not a valid route", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EveryBadRouteSetting_EachNamedWithItsRoute()
    {
        var options = new RetryOptions
        {
            Routes =
            {
                ["osp.*"] = new RetryRouteOptions { MaxRetries = 101, BackoffFactor = -1, BackoffBase = 0, BackoffMax = 0, Jitter = 0.6 },
            },
        };

        Assert.Equal(
            [
                "Retry:Routes:osp.*:MaxRetries must be between 0 and 100 (was 101).",
                "Retry:Routes:osp.*:BackoffFactor must be above 0 and at most 86400 seconds (was -1).",
                "Retry:Routes:osp.*:BackoffBase must be between 1 and 100 (was 0).",
                "Retry:Routes:osp.*:BackoffMax must be above 0 and at most 604800 seconds (7 days) (was 0).",
                "Retry:Routes:osp.*:Jitter must be between 0 and 0.5 (was 0.6).",
            ],
            Failures(options));
    }

    [Fact]
    public void Validate_RouteWithValidOverridesAndCatchAll_Valid()
    {
        var options = new RetryOptions
        {
            Routes =
            {
                ["osp.*"] = new RetryRouteOptions { MaxRetries = 3 },
                ["*"] = new RetryRouteOptions { Jitter = 0.5 },
                ["partner"] = new RetryRouteOptions { Target = "https://partner.example/hooks/*", MaxRetries = 0 },
            },
        };

        Assert.Empty(Failures(options));
    }

    [Fact]
    public void Validate_TargetWithStarInside_NamesTheTargetSetting()
    {
        var options = new RetryOptions { Routes = { ["partner"] = new RetryRouteOptions { Target = "https://*.example/hooks" } } };

        Assert.Equal(
            ["Retry:Routes:partner:Target is not a valid route (was 'https://*.example/hooks'): a target, or a prefix ending in '*' ('*' only at the end)."],
            Failures(options));
    }

    [Fact]
    public void Validate_TwoRoutesWithTheSamePattern_Rejected()
    {
        var options = new RetryOptions
        {
            Routes =
            {
                ["osp.*"] = new RetryRouteOptions { MaxRetries = 3 },
                ["osp"] = new RetryRouteOptions { Target = "osp.*", MaxRetries = 1 },
            },
        };

        Assert.Contains(Failures(options), f => f.StartsWith("Retry:Routes:osp matches the same targets as Retry:Routes:osp.*", StringComparison.Ordinal));
    }
}
