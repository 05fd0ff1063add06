namespace StatusStream.Kafka;

/// <summary>
/// librdkafka repeats a failing connection's error on every reconnect: against a closed port three
/// clients wrote about 80 lines a second, forever, burying everything else. This lets one line of
/// each kind through per window and counts the rest, so the next line can say how many it stands for.
/// </summary>
internal sealed class ClientLogThrottle(TimeProvider time, TimeSpan window)
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long LoggedAt, int Held)> _kinds = new(StringComparer.Ordinal);

    /// <summary>Whether this occurrence of <paramref name="kind"/> is logged; if so, how many were held back since the last one.</summary>
    public bool ShouldLog(string kind, out int heldBack)
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            if (_kinds.TryGetValue(kind, out var last) && time.GetElapsedTime(last.LoggedAt, now) < window)
            {
                _kinds[kind] = last with { Held = last.Held + 1 };
                heldBack = 0;
                return false;
            }

            heldBack = last.Held;
            _kinds[kind] = (now, 0);
            return true;
        }
    }

    /// <summary>The text of a line that stands for others too.</summary>
    public string Annotate(string message, int heldBack) =>
        heldBack == 0 ? message : $"{message} (and {heldBack} more like it in the last {window.TotalSeconds:0} s)";
}
