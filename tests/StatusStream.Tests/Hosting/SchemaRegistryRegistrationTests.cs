using Confluent.SchemaRegistry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StatusStream.Hosting;
using StatusStream.Intake;
using StatusStream.Serialization;

namespace StatusStream.Tests.Hosting;

public sealed class SchemaRegistryRegistrationTests
{
    [Fact]
    public void AddStatusPipeline_NoUrl_NoRegistryServicesAtAll()
    {
        using var host = Build([]);

        Assert.False(host.Services.GetRequiredService<IOptions<SchemaRegistryOptions>>().Value.Enabled);
        Assert.Null(host.Services.GetService<ISchemaRegistryClient>());
        Assert.Null(host.Services.GetService<CallbackSchemaIds>());
        Assert.Null(host.Services.GetService<WireFormatInput>());
    }

    [Fact]
    public void AddStatusPipeline_Url_BindsTheSectionAndRegistersTheClient()
    {
        using var host = Build(new()
        {
            ["Serialization:SchemaRegistry:Url"] = "http://127.0.0.1:8081",
            ["Serialization:SchemaRegistry:RequestTimeoutSeconds"] = "2.5",
            ["Serialization:SchemaRegistry:AutoRegisterSchemas"] = "false",
        });

        var options = host.Services.GetRequiredService<IOptions<SchemaRegistryOptions>>().Value;
        Assert.Equal((2.5, false), (options.RequestTimeoutSeconds, options.AutoRegisterSchemas));
        Assert.NotNull(host.Services.GetService<CallbackSchemaIds>());
        Assert.NotNull(host.Services.GetService<WireFormatInput>());
    }

    [Fact]
    public async Task StartAsync_CredentialsInUrl_ThrowsNamingTheSettingNotTheSecret()
    {
        using var host = Build(new() { ["Serialization:SchemaRegistry:Url"] = "http://sr:hunter2-secret@127.0.0.1:8081" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.True(ConfigurationError.TryDescribe(error, null, out var messages));
        Assert.Contains(messages, m => m.StartsWith("Serialization:SchemaRegistry:Url", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_UnknownSetting_IsAConfigurationError()
    {
        using var host = Build(new() { ["Serialization:SchemaRegistry:Ur"] = "http://127.0.0.1:8081" });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.True(ConfigurationError.TryDescribe(error, null, out var messages), error.ToString());
        Assert.Contains(messages, m => m.Contains("Ur", StringComparison.Ordinal));
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        settings["Kafka:BootstrapServers"] = "127.0.0.1:9";
        var builder = StatusStreamHost.CreateBuilder(settings);
        builder.AddStatusPipeline();
        return builder.Build();
    }
}
