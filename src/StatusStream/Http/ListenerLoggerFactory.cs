using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StatusStream.Http;

/// <summary>
/// The service's logger factory as the listener's web application sees it: everything goes to the service's loggers
/// except the web application's own host, whose only lines are start-up and stop faults that
/// <see cref="HttpListenerService"/> throws to its caller anyway (so they would be printed twice, once with a stack trace).
/// </summary>
internal sealed class ListenerLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private const string WebApplicationHost = "Microsoft.Extensions.Hosting.Internal.Host";

    public ILogger CreateLogger(string categoryName) =>
        categoryName == WebApplicationHost ? NullLogger.Instance : inner.CreateLogger(categoryName);

    // The service's factory owns the providers; the listener adds none.
    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("The listener logs through the service's logger factory.");

    // The service's host disposes its factory.
    public void Dispose()
    {
    }
}
