using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using StatusStream.Pipeline;
using StatusStream.Settings;
using StatusStream.Telemetry;

namespace StatusStream.Hosting;

/// <summary>
/// Builds the generic host with the project's configuration sources, lowest precedence first:
/// appsettings.json, appsettings.{Environment}.json, STATUSSTREAM_* environment variables, then
/// command-line flags. Logs go to stderr, so stdout stays for what a command prints.
/// </summary>
internal static class StatusStreamHost
{
    public const string EnvironmentPrefix = SettingSources.EnvironmentPrefix;

    public static HostApplicationBuilder CreateBuilder(IReadOnlyDictionary<string, string?> overrides)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environment.GetEnvironmentVariable($"{EnvironmentPrefix}ENVIRONMENT") ?? Environments.Production,
        });
        builder.Configuration
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{builder.Environment.EnvironmentName}.json", optional: true)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddInMemoryCollection(overrides);

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        ConsoleLogFormat.Add(builder.Logging, builder.Configuration);
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<HostOptions>(options =>
        {
            // Longer than the pipeline's own drain timeout, so the drain is never cut short.
            var drain = builder.Configuration.GetValue<double?>($"{PipelineOptions.SectionName}:{nameof(PipelineOptions.ShutdownTimeoutSeconds)}") ?? 20;
            options.ShutdownTimeout = TimeSpan.FromSeconds(drain + 10);
        });
        return builder;
    }

    /// <summary>
    /// Builds the host with every setting checked, so a bad one is reported once, by name, before anything starts:
    /// the Logging section before the build (the logging providers read it while the host is built), the options
    /// sections right after (otherwise also as a "Hosting failed to start" log with a stack trace).
    /// </summary>
    public static IHost Build(HostApplicationBuilder builder)
    {
        LoggingSettingsCheck.ThrowIfInvalid(builder.Configuration);
        var host = builder.Build();
        try
        {
            host.Services.GetService<IStartupValidator>()?.Validate();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
