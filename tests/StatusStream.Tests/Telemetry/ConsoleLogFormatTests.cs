using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using StatusStream.Telemetry;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Telemetry;

/// <summary>The app's own console output in each format: run against an address where no broker answers, or one entry formatted in process.</summary>
public sealed class ConsoleLogFormatTests
{
    [Fact]
    public async Task Json_EveryStderrLineIsAJsonObjectWithAUtcDate()
    {
        using var app = AppProcess.Start("run", "--bootstrap-servers", "127.0.0.1:1",
            "--set", "Kafka:StartupTimeoutSeconds=1", "--set", "Logging:Console:FormatterName=json");

        Assert.Equal(1, await app.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        var lines = app.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.All(entries, e => Assert.True(DateTimeOffset.TryParseExact(e.GetProperty("Timestamp").GetString(), "yyyy-MM-dd'T'HH:mm:ss.fff'Z'",
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _), e.GetProperty("Timestamp").GetString()));
        Assert.Contains(entries, e => e.GetProperty("EventId").GetInt32() == 4004);
    }

    [Fact]
    public async Task Simple_LinesStartWithTheDate()
    {
        using var app = AppProcess.Start("run", "--bootstrap-servers", "127.0.0.1:1", "--set", "Kafka:StartupTimeoutSeconds=1");

        Assert.Equal(1, await app.WaitForExitAsync(TimeSpan.FromSeconds(60)));

        var fatal = app.StandardError.Split('\n').First(l => l.Contains("no Kafka broker answered", StringComparison.Ordinal));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z crit: ", fatal);
    }

    [Fact]
    public void Json_PlusAndNonAsciiLetters_AreWrittenAsThemselves()
    {
        const string Message = "SMS to +31 6 1234 5678 for café Zoë: 'sent' <ok> & \"done\"";
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [ConsoleLogFormat.FormatterNameKey] = "json" }).Build();
        using var services = new ServiceCollection().AddLogging(logging => ConsoleLogFormat.Add(logging, configuration)).BuildServiceProvider();
        var json = services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json);
        using var output = new StringWriter(CultureInfo.InvariantCulture);

        var entry = new LogEntry<string>(LogLevel.Information, "StatusStream.Test", new EventId(1), Message, null, (state, _) => state);
        json.Write(in entry, null, output);

        var line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("+31 6 1234 5678 for café Zoë: 'sent' <ok> & \\\"done\\\"", line, StringComparison.Ordinal);
        Assert.Equal(Message, JsonDocument.Parse(line).RootElement.GetProperty("Message").GetString());
    }
}
