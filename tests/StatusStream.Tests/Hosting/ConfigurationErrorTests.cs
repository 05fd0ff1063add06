using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using StatusStream.Hosting;
using StatusStream.Retry;

namespace StatusStream.Tests.Hosting;

public sealed class ConfigurationErrorTests
{
    private static IConfiguration CommandLine(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static IReadOnlyList<string> Describe(Exception error, IConfiguration? configuration)
    {
        Assert.True(ConfigurationError.TryDescribe(error, configuration, out var messages), error.ToString());
        return messages;
    }

    [Fact]
    public void TryDescribe_ValidationFailureOfASetSetting_SaysWhereItCameFrom()
    {
        var error = new OptionsValidationException("", typeof(RetryOptions),
            ["Retry:MaxRetries must be between 0 and 100 (was -1).", "Retry:Routes:osp.*:MaxRetries must be between 0 and 100 (was 101)."]);

        var messages = Describe(error, CommandLine(new() { ["Retry:MaxRetries"] = "-1", ["Retry:Routes:osp.*:MaxRetries"] = "101" }));

        Assert.Equal(
            [
                "Retry:MaxRetries must be between 0 and 100 (was -1) (from the command line).",
                "Retry:Routes:osp.*:MaxRetries must be between 0 and 100 (was 101) (from the command line).",
            ],
            messages);
    }

    [Fact]
    public void TryDescribe_ValidationFailureOfASettingInAFile_NamesTheFile()
    {
        var directory = Directory.CreateTempSubdirectory("statusstream-settings-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "appsettings.json"), """{ "Kafka": { "ClientProperties": { "socket.keepalive.enabel": "true" } } }""");
            var configuration = new ConfigurationBuilder().SetBasePath(directory.FullName).AddJsonFile("appsettings.json").Build();
            var error = new OptionsValidationException("", typeof(RetryOptions), ["Kafka:ClientProperties:socket.keepalive.enabel: librdkafka has no property by that name."]);

            Assert.Equal(["Kafka:ClientProperties:socket.keepalive.enabel: librdkafka has no property by that name (from appsettings.json)."],
                Describe(error, configuration));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void TryDescribe_ValidationFailureOfASettingNoSourceHas_IsLeftAsItIs()
    {
        var error = new OptionsValidationException("", typeof(RetryOptions),
            ["Kafka:BootstrapServers is required (set STATUSSTREAM_Kafka__BootstrapServers, or use 'run --embedded').", "Kafka: 'a b' is not a legal Kafka topic name."]);

        Assert.Equal(error.Failures, Describe(error, CommandLine(new() { ["Kafka:GroupId"] = "g" })));
        Assert.Equal(error.Failures, Describe(error, configuration: null));
    }
}
