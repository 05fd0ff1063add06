namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// One worker's cancellation for its requests, one at a time: cancelled when the attempt's timeout passes (on the
/// given clock) or the host stops. Reset and reused after each attempt that neither timed out nor stopped, so a
/// request costs no new source, timer or registration on the shared stopping token (eight workers would contend on it).
/// </summary>
internal sealed class AttemptCancellation : IDisposable
{
    private readonly TimeProvider _time;
    private readonly CancellationToken _stopping;
    private CancellationTokenSource _source;
    private CancellationTokenRegistration _stopRegistration;

    public AttemptCancellation(TimeProvider time, CancellationToken stopping)
    {
        _time = time;
        _stopping = stopping;
        (_source, _stopRegistration) = Create();
    }

    /// <summary>The token of the next attempt, cancelled after <paramref name="timeout"/> or when stopping.</summary>
    public CancellationToken Start(TimeSpan timeout)
    {
        _source.CancelAfter(timeout);
        return _source.Token;
    }

    /// <summary>After an attempt: ready for the next one (a fresh source only when this one was cancelled).</summary>
    public void Finish()
    {
        if (!_source.TryReset())
        {
            Dispose();
            (_source, _stopRegistration) = Create();
        }
    }

    public void Dispose()
    {
        _stopRegistration.Dispose();
        _source.Dispose();
    }

    private (CancellationTokenSource, CancellationTokenRegistration) Create()
    {
        // Created with the clock, so CancelAfter runs on it (a fake clock in tests).
        var source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        return (source, _stopping.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), source));
    }
}
