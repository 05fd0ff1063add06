using System.Text.Encodings.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace StatusStream.Telemetry;

/// <summary>
/// The console log format, from Logging:Console:FormatterName: "simple" (default; one line each),
/// "json" (one JSON object per line, for a log pipeline) or "systemd". Every format stamps lines
/// with the UTC date and time, so a line means something when read the next day.
/// </summary>
internal static class ConsoleLogFormat
{
    public const string FormatterNameKey = "Logging:Console:FormatterName";

    /// <summary>RFC 3339 in UTC with milliseconds, e.g. 2026-11-25T03:01:12.345Z.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>The formats there are; any other name is refused at start (<see cref="LoggingSettingsCheck"/>), not quietly simple.</summary>
    public static readonly IReadOnlyList<string> Names = [ConsoleFormatterNames.Simple, ConsoleFormatterNames.Json, ConsoleFormatterNames.Systemd];

    public static void Add(ILoggingBuilder logging, IConfiguration configuration)
    {
        var name = configuration[FormatterNameKey];
        if (string.Equals(name, ConsoleFormatterNames.Json, StringComparison.OrdinalIgnoreCase))
        {
            logging.AddJsonConsole(options =>
            {
                options.UseUtcTimestamp = true;
                options.TimestampFormat = TimestampFormat;
                // The default encoder escapes for HTML: '+' became \u002B and every non-ASCII letter an escape too, which
                // a reader or a grep for "+31" never finds. Logs are not embedded in HTML; quotes and control characters
                // are still escaped, so each entry stays one valid JSON line.
                options.JsonWriterOptions = options.JsonWriterOptions with { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }
        else if (string.Equals(name, ConsoleFormatterNames.Systemd, StringComparison.OrdinalIgnoreCase))
        {
            logging.AddSystemdConsole(options =>
            {
                options.UseUtcTimestamp = true;
                options.TimestampFormat = TimestampFormat + " ";
            });
        }
        else
        {
            logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = TimestampFormat + " ";
            });
        }
    }
}
