namespace StatusStream.Tests.Soak;

/// <summary>
/// How long and how hard a soak runs. The short form runs in the test suite; the long form (<c>soak --minutes N</c> of
/// the bench tool) uses the same scenario with a longer feed. Every loop of the scenario is bounded by these.
/// </summary>
public sealed record SoakOptions
{
    /// <summary>The built app (StatusStream.dll) that the processor processes run.</summary>
    public required string AppPath { get; init; }

    /// <summary>How long events are fed; the faults are spread over this time.</summary>
    public TimeSpan FeedTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Events fed per second (each of <see cref="Recipients"/> statuses).</summary>
    public int EventsPerSecond { get; init; } = 60;

    public int Recipients { get; init; } = 3;

    /// <summary>After the feed: how long every status may take to settle before the soak reports what is missing.</summary>
    public TimeSpan SettleTime { get; init; } = TimeSpan.FromSeconds(45);

    /// <summary>Progress lines (the test writes them to its output, the bench tool to the console).</summary>
    public Action<string> Log { get; init; } = _ => { };
}
