using Microsoft.Extensions.Logging;

namespace StatusStream.Benchmarks.Compare;

/// <summary>Counts "intake paused" (event 3006): each is one pause/resume cycle of the in-flight bound.</summary>
internal sealed class PauseCounter : ILoggerProvider, ILogger
{
    private const int IntakePausedEventId = 3006;
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id == IntakePausedEventId)
        {
            Interlocked.Increment(ref _count);
        }
    }

    public void Dispose()
    {
    }
}
