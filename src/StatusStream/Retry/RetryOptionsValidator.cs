using System.Globalization;
using Microsoft.Extensions.Options;

namespace StatusStream.Retry;

/// <summary>
/// Bad retry settings stop the host at start with a message naming the setting by its full path
/// ("Retry:Routes:osp.*:MaxRetries ...") and the value it had.
/// </summary>
internal sealed class RetryOptionsValidator : IValidateOptions<RetryOptions>
{
    public const int MaxRetriesLimit = 100;

    /// <summary>One day: a first wait longer than that is a mistake in the unit, not a policy.</summary>
    public const double BackoffFactorLimit = 86_400;

    public const double BackoffBaseLimit = 100;

    /// <summary>Seven days, the default retention of a Kafka topic: a longer wait could outlive the parked record.</summary>
    public const double BackoffMaxLimit = 604_800;

    /// <summary>At ±50% a wait is never less than half of its nominal value.</summary>
    public const double JitterLimit = 0.5;

    /// <summary>A tenth of a second: below it a record not yet due would go round the retry topic many times a second.</summary>
    public const double HoldSecondsMin = 0.1;

    /// <summary>One hour: the longest a held record may keep its retry partition uncommitted (and be read again after a crash).</summary>
    public const double HoldSecondsLimit = 3_600;

    public const int MaxHeldStatusesLimit = 10_000_000;

    public ValidateOptionsResult Validate(string? name, RetryOptions options)
    {
        var failures = new List<string>();
        const string Section = RetryOptions.SectionName;
        var invariant = CultureInfo.InvariantCulture;
        if (double.IsNaN(options.HoldSeconds) || options.HoldSeconds is < HoldSecondsMin or > HoldSecondsLimit)
        {
            failures.Add(string.Create(invariant, $"{Section}:HoldSeconds must be between {HoldSecondsMin} and {HoldSecondsLimit} seconds (was {options.HoldSeconds})."));
        }

        if (options.MaxHeldStatuses is < 1 or > MaxHeldStatusesLimit)
        {
            failures.Add(string.Create(invariant, $"{Section}:MaxHeldStatuses must be between 1 and {MaxHeldStatusesLimit} (was {options.MaxHeldStatuses})."));
        }

        Check(failures, Section, options.MaxRetries, options.BackoffFactor, options.BackoffBase, options.BackoffMax, options.Jitter);

        var patterns = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, route) in options.Routes)
        {
            var path = $"{Section}:Routes:{key}";
            if (route is null)
            {
                failures.Add($"{path} has no settings.");
                continue;
            }

            if (route.Target is null)
            {
                CheckPattern(failures, path, key);
            }
            else
            {
                CheckPattern(failures, $"{path}:Target", route.Target);
            }

            var pattern = route.Target ?? key;
            if (!patterns.TryAdd(pattern, path))
            {
                failures.Add($"{path} matches the same targets as {patterns[pattern]} ('{pattern}'): which one applies would be a guess.");
            }

            Check(failures, path, route.MaxRetries, route.BackoffFactor, route.BackoffBase, route.BackoffMax, route.Jitter);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPattern(List<string> failures, string path, string pattern)
    {
        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (string.IsNullOrWhiteSpace(pattern) || (star >= 0 && star != pattern.Length - 1))
        {
            failures.Add($"{path} is not a valid route (was '{pattern}'): a target, or a prefix ending in '*' ('*' only at the end).");
        }
    }

    private static void Check(List<string> failures, string path, int? maxRetries, double? factor, double? @base, double? max, double? jitter)
    {
        // Invariant culture: the value is shown as it must be written in configuration ("0.5", not "0,5").
        var invariant = CultureInfo.InvariantCulture;
        if (maxRetries is < 0 or > MaxRetriesLimit)
        {
            failures.Add(string.Create(invariant, $"{path}:MaxRetries must be between 0 and {MaxRetriesLimit} (was {maxRetries})."));
        }

        if (factor is { } f && (double.IsNaN(f) || f is <= 0 or > BackoffFactorLimit))
        {
            failures.Add(string.Create(invariant, $"{path}:BackoffFactor must be above 0 and at most {BackoffFactorLimit} seconds (was {f})."));
        }

        if (@base is { } b && (double.IsNaN(b) || b is < 1 or > BackoffBaseLimit))
        {
            failures.Add(string.Create(invariant, $"{path}:BackoffBase must be between 1 and {BackoffBaseLimit} (was {b})."));
        }

        if (max is { } m && (double.IsNaN(m) || m is <= 0 or > BackoffMaxLimit))
        {
            failures.Add(string.Create(invariant, $"{path}:BackoffMax must be above 0 and at most {BackoffMaxLimit} seconds (7 days) (was {m})."));
        }

        if (jitter is { } j && (double.IsNaN(j) || j is < 0 or > JitterLimit))
        {
            failures.Add(string.Create(invariant, $"{path}:Jitter must be between 0 and {JitterLimit} (was {j})."));
        }
    }
}
