using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using StatusStream.Telemetry;

namespace StatusStream.Health;

/// <summary>
/// The base of every StatusStream health check: an exception the check did not expect becomes Unhealthy here,
/// logged in the check's own category. ASP.NET Core's health check service would turn it into Unhealthy too, but
/// logs it only in its own category, which appsettings.json sets to Critical (else an idle replica's failing
/// /readyz logged an Error on every probe), so the exception would leave no trace at all.
/// </summary>
/// <remarks>
/// Logged once with its stack trace (event 4204), not on every probe while the same failure repeats: again only
/// after the check answered in between (4205) or when the exception's type or the method that threw it changes. The
/// log and the description name the exception's type, never its message: the description is served to whoever
/// reaches /readyz, and a message may carry a URL or a secret (or vary from probe to probe, a port or a time).
/// </remarks>
internal abstract class GuardedHealthCheck(ILogger logger) : IHealthCheck
{
    // The failure last logged (type and where it was thrown); null while the check answers. Probes can run at once
    // (/healthz and /readyz share "process", and several probers may ask), hence the atomic exchanges.
    private string? _loggedFailure;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var name = context.Registration.Name;
        try
        {
            // Awaited only until the probe is called off (the registration's timeout, HealthRoutes): a check that hangs
            // in a call which does not observe the token (a blocking client call) is left behind, not waited for.
            var result = await CheckAsync(context, cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (Interlocked.Exchange(ref _loggedFailure, null) is not null)
            {
                Log.HealthCheckAnswersAgain(logger, name);
            }

            return result;
        }
        // A probe called off (the request went away, or the registration's timeout) is no failure of the check:
        // the health check service reports that itself.
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var type = e.GetType().Name;
            var failure = $"{e.GetType().FullName} in {e.TargetSite?.DeclaringType?.FullName}.{e.TargetSite?.Name}";
            if (Interlocked.Exchange(ref _loggedFailure, failure) != failure)
            {
                Log.HealthCheckThrew(logger, name, type, e.StackTrace ?? "(none)");
            }

            return HealthCheckResult.Unhealthy($"the {name} check failed with {type} (logged as event 4204)");
        }
    }

    /// <summary>The check itself; whatever it throws is reported as described on the class.</summary>
    protected abstract Task<HealthCheckResult> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken);
}
