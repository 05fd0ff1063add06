using Microsoft.Extensions.Options;

namespace StatusStream.Retry;

internal sealed class RetryOptionsValidator : IValidateOptions<RetryOptions>
{
    public ValidateOptionsResult Validate(string? name, RetryOptions options)
    {
        var failures = new List<string>();
        const string Section = RetryOptions.SectionName;
        Check(failures, Section, options.MaxRetries, options.BackoffFactor, options.BackoffBase, options.BackoffMax, options.Jitter);
        foreach (var (key, route) in options.Routes)
        {
            var path = $"{Section}:Routes:{key}";
            if (string.IsNullOrWhiteSpace(key) || key.IndexOf('*', StringComparison.Ordinal) is var star && star >= 0 && star != key.Length - 1)
            {
                failures.Add($"{path} is not a valid route: a target, or a prefix ending in '*' ('*' only at the end).");
            }

            Check(failures, path, route.MaxRetries, route.BackoffFactor, route.BackoffBase, route.BackoffMax, route.Jitter);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, string path, int? maxRetries, double? factor, double? @base, double? max, double? jitter)
    {
        if (maxRetries is < 0 or > 100)
        {
            failures.Add($"{path}:MaxRetries must be between 0 and 100 (was {maxRetries}).");
        }

        if (factor is { } f && (double.IsNaN(f) || f is <= 0 or > 86_400))
        {
            failures.Add($"{path}:BackoffFactor must be above 0 and at most 86400 seconds (was {factor}).");
        }

        if (@base is { } b && (double.IsNaN(b) || b is < 1 or > 100))
        {
            failures.Add($"{path}:BackoffBase must be between 1 and 100 (was {@base}).");
        }

        if (max is { } m && (double.IsNaN(m) || m is <= 0 or > 604_800))
        {
            failures.Add($"{path}:BackoffMax must be above 0 and at most 604800 seconds (7 days) (was {max}).");
        }

        if (jitter is { } j && (double.IsNaN(j) || j is < 0 or > 0.5))
        {
            failures.Add($"{path}:Jitter must be between 0 and 0.5 (was {jitter}).");
        }
    }
}
