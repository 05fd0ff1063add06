using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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

    [Theory]
    [InlineData("Retry:MaxRetries", "abc", "Retry:MaxRetries: 'abc' is not a whole number (from the command line).")]
    [InlineData("Retry:Jitter", "lots", "Retry:Jitter: 'lots' is not a number (from the command line).")]
    [InlineData("Webhooks:AllowLoopback", "maybe", "Webhooks:AllowLoopback: 'maybe' is not true or false (from the command line).")]
    [InlineData("Kafka:SecurityProtocol", "Bogus", "Kafka:SecurityProtocol: 'Bogus' is not one of Plaintext, Ssl, SaslPlaintext, SaslSsl (from the command line).")]
    [InlineData("Routing:TargetPolicy", "bogus", "Routing:TargetPolicy: 'bogus' is not one of Any, SourceNamespace, InputTopicNamespace (from the command line).")]
    [InlineData("Retry:Routes:osp.*:MaxRetries", "zz", "Retry:Routes:osp.*:MaxRetries: 'zz' is not a whole number (from the command line).")]
    public void TryDescribe_ValueOfTheWrongType_SaysWhatItMustBeInWords(string key, string value, string expected)
    {
        var builder = StatusStreamHost.CreateBuilder(new Dictionary<string, string?> { ["Kafka:BootstrapServers"] = "127.0.0.1:9", [key] = value });
        builder.AddStatusPipeline();
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            using var host = builder.Build();
            host.Services.GetRequiredService<IStartupValidator>().Validate();
        });

        Assert.Equal([expected], Describe(error, builder.Configuration));
    }

    [Theory]
    [InlineData("Subscriptions:EncryptionKey", "System.Int32", "a whole number")]
    [InlineData("Webhooks:Endpoints:notify:BearerToken", "System.Boolean", "true or false")]
    [InlineData("Kafka:ClientProperties:sasl.oauthbearer.config", "Confluent.Kafka.SecurityProtocol", "one of Plaintext, Ssl, SaslPlaintext, SaslSsl")]
    [InlineData("Serialization:SchemaRegistry:BasicAuthUserInfo", "System.Double", "a number")]
    public void TryDescribe_ValueOfASecretSettingOfTheWrongType_NeverQuotesIt(string key, string type, string expected)
    {
        // No setting that holds a secret is anything but a string today, so the binder's message is made up here.
        var error = new InvalidOperationException($"Failed to convert configuration value 's3cr3t' at '{key}' to type '{type}'.")
        {
            Source = "Microsoft.Extensions.Configuration.Binder",
        };

        var message = Assert.Single(Describe(error, CommandLine(new() { [key] = "s3cr3t" })));

        Assert.Equal($"{key}: the value (not shown: it may be a secret) is not {expected} (from the command line).", message);
    }
}
