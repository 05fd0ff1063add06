using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StatusStream.Hosting;
using StatusStream.Intake;

namespace StatusStream.Tests.Hosting;

public sealed class IntakeRegistrationTests
{
    [Fact]
    public void AddStatusPipeline_IntakeSection_BindsTheLimits()
    {
        using var host = Build(new() { ["Intake:MaxRecipientsPerEvent"] = "5000", ["Intake:MaxOutputBytesPerEvent"] = "4194304" });

        var limits = host.Services.GetRequiredService<IOptions<IntakeOptions>>().Value;

        Assert.Equal(5000, limits.MaxRecipientsPerEvent);
        Assert.Equal(4 * 1024 * 1024, limits.MaxOutputBytesPerEvent);
        Assert.Equal(IntakeOptions.DefaultMaxProviderLength, limits.MaxProviderLength);
    }

    [Fact]
    public async Task StartAsync_LimitOutOfRange_ThrowsNamingSetting()
    {
        using var host = Build(new() { ["Intake:MaxProviderLength"] = "0" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.True(ConfigurationError.TryDescribe(error, null, out var messages));
        Assert.Contains(messages, m => m.StartsWith("Intake:MaxProviderLength", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_UnknownIntakeSetting_IsAConfigurationError()
    {
        using var host = Build(new() { ["Intake:MaxRecipients"] = "10" });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.True(ConfigurationError.TryDescribe(error, null, out var messages), error.ToString());
        Assert.Contains(messages, m => m.Contains("MaxRecipients", StringComparison.Ordinal));
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        settings["Kafka:BootstrapServers"] = "127.0.0.1:9";
        var builder = StatusStreamHost.CreateBuilder(settings);
        builder.AddStatusPipeline();
        return builder.Build();
    }
}
