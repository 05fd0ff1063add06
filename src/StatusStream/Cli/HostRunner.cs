using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StatusStream.Hosting;
using StatusStream.Http;
using StatusStream.Pipeline;

namespace StatusStream.Cli;

/// <summary>Runs the processor host until SIGTERM/SIGINT and turns start-up failures into exit codes.</summary>
internal static class HostRunner
{
    /// <param name="overrides">Settings from flags (highest precedence).</param>
    /// <param name="beforeBuild">A last change to the builder, e.g. starting the embedded cluster.</param>
    /// <param name="whenStarted">Runs once the host has started and handles SIGTERM/SIGINT.</param>
    public static async Task<int> RunAsync(
        IReadOnlyDictionary<string, string?> overrides,
        Action<HostApplicationBuilder>? beforeBuild = null,
        Action? whenStarted = null)
    {
        var builder = StatusStreamHost.CreateBuilder(overrides);
        try
        {
            beforeBuild?.Invoke(builder);
            builder.AddStatusPipeline();
            using var host = StatusStreamHost.Build(builder);
            if (whenStarted is not null)
            {
                host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(whenStarted);
            }

            // Bound before the host starts, so a port that is taken is reported as the setting it is (one line, exit 2)
            // rather than logged by the host as a start-up fault with a stack trace.
            if (host.Services.GetService<HttpListenerService>() is { } listener)
            {
                await listener.StartAsync(CancellationToken.None);
            }

            await host.RunAsync();
            return Environment.ExitCode;
        }
        catch (Exception e) when (ConfigurationError.TryDescribe(e, builder.Configuration, out var messages))
        {
            return ReportConfigurationErrors(messages);
        }
    }

    /// <summary>One line per problem on stderr, as every command reports bad settings; returns the exit code for them.</summary>
    public static int ReportConfigurationErrors(IReadOnlyList<string> messages)
    {
        foreach (var message in messages)
        {
            Console.Error.WriteLine($"Configuration error: {message}");
        }

        return ExitCodes.Configuration;
    }
}
