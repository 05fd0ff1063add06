using Microsoft.Extensions.Configuration;
using StatusStream.Telemetry;

namespace StatusStream.Tests.Telemetry;

public sealed class LoggingSettingsCheckTests
{
    private static IReadOnlyList<string> Find(Dictionary<string, string?> settings) =>
        LoggingSettingsCheck.Find(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    [Fact]
    public void Find_LevelsMicrosoftExtensionsLoggingAccepts_NothingReported()
    {
        var problems = Find(new()
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "warning",
            ["Logging:LogLevel:StatusStream"] = "",
            ["Logging:LogLevel:StatusStream.Kafka"] = "1",
            ["Logging:Console:LogLevel:Default"] = "None",
            ["Logging:Console:FormatterName"] = "Json",
            ["Logging:CaptureScopes"] = "false",
        });
        Assert.Empty(problems);
    }

    [Fact]
    public void Find_LevelsItDoesNot_NamesEachKeyAndTheLevels()
    {
        var problems = Find(new()
        {
            ["Logging:LogLevel:Default"] = "Verbose",
            ["Logging:LogLevel:StatusStream.Kafka"] = "Information",
            ["Logging:Console:LogLevel:StatusStream"] = "loud",
            ["Logging:Debug:LogLevel:Default"] = "99",
        });
        Assert.Equal(
            [
                "Logging:Console:LogLevel:StatusStream: 'loud' is not one of Trace, Debug, Information, Warning, Error, Critical, None.",
                "Logging:Debug:LogLevel:Default: '99' is not one of Trace, Debug, Information, Warning, Error, Critical, None.",
                "Logging:LogLevel:Default: 'Verbose' is not one of Trace, Debug, Information, Warning, Error, Critical, None.",
            ],
            problems.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Find_FormatterNameThereIsNoFormatterFor_NamesTheSettingAndTheFormats()
    {
        var problem = Assert.Single(Find(new() { ["Logging:Console:FormatterName"] = "xml" }));
        Assert.Equal("Logging:Console:FormatterName: 'xml' is not one of simple, json, systemd.", problem);
    }
}
