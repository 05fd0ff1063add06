using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StatusStream.Hosting;
using StatusStream.Kafka;

namespace StatusStream.Tests.Hosting;

public sealed class StatusStreamHostTests
{
    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = StatusStreamHost.CreateBuilder(settings);
        builder.AddStatusPipeline();
        return builder.Build();
    }

    [Fact]
    public async Task StartAsync_InvalidSetting_ThrowsNamingSetting()
    {
        using var host = Build(new() { ["Kafka:BootstrapServers"] = "127.0.0.1:9", ["Pipeline:MaxInFlightStatuses"] = "-5" });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.True(ConfigurationError.TryDescribe(error, null, out var messages));
        Assert.Contains(messages, m => m.StartsWith("Pipeline:MaxInFlightStatuses", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_EmptyInboundTopic_StopsNamingTheSetting()
    {
        using var host = Build(new() { ["Kafka:BootstrapServers"] = "127.0.0.1:9", ["Kafka:InboundTopic"] = "" });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.True(ConfigurationError.TryDescribe(error, null, out var messages));
        Assert.Contains(messages, m => m.StartsWith("Kafka:InboundTopic is required", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_UnknownSettingInSection_IsAConfigurationError()
    {
        using var host = Build(new() { ["Kafka:BootstrapServers"] = "127.0.0.1:9", ["Kafka:BootstrapServer"] = "typo:1" });
        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        Assert.True(ConfigurationError.TryDescribe(error, null, out var messages), error.ToString());
        Assert.Contains(messages, m => m.Contains("BootstrapServer", StringComparison.Ordinal));
    }

    [Fact]
    public void CreateBuilder_PrefixedEnvironmentVariable_OverridesDefaults()
    {
        const string Variable = "STATUSSTREAM_Kafka__ClientId";
        Environment.SetEnvironmentVariable(Variable, "from-environment");
        try
        {
            using var host = Build(new() { ["Kafka:BootstrapServers"] = "127.0.0.1:9" });
            Assert.Equal("from-environment", host.Services.GetRequiredService<IOptions<KafkaOptions>>().Value.ClientId);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }

    [Fact]
    public void CreateBuilder_FlagOverride_BeatsEnvironmentVariable()
    {
        const string Variable = "STATUSSTREAM_Kafka__DeadLetterTopic";
        Environment.SetEnvironmentVariable(Variable, "from-environment");
        try
        {
            using var host = Build(new() { ["Kafka:BootstrapServers"] = "127.0.0.1:9", ["Kafka:DeadLetterTopic"] = "from-flag" });
            Assert.Equal("from-flag", host.Services.GetRequiredService<IOptions<KafkaOptions>>().Value.DeadLetterTopic);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }
}
