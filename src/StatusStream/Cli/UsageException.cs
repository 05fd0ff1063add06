namespace StatusStream.Cli;

/// <summary>
/// A command line that cannot be acted on (a malformed flag value, an out-of-range count). Printed
/// as one line naming the problem, exit code 2, never with a stack trace.
/// </summary>
internal sealed class UsageException(string message) : Exception(message);
