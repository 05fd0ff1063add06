using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Outbound;
using StatusStream.Settings;
using StatusStream.Telemetry;

namespace StatusStream.Hosting;

internal static class IntakeRegistration
{
    /// <summary>The limits on what one input event may ask for (section "Intake", validated at start) and the step that applies them.</summary>
    public static IHostApplicationBuilder AddIntake(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<IntakeOptions, IntakeOptionsValidator>(builder.Configuration, IntakeOptions.SectionName);
        builder.Services.AddSingleton(services => new FanOutAdmission(services.GetRequiredService<IOptions<IntakeOptions>>(), StatusRecord.KeyAndFixedHeaderBytes));
        builder.Services.AddSingleton(services =>
        {
            var metrics = services.GetService<StatusStreamMetrics>();
            return new InputHeaderDrops(services.GetRequiredService<ILogger<InputHeaderDrops>>(),
                metrics is null ? null : (header, problem) => metrics.InputHeaderDropped(header, problem));
        });
        return builder;
    }
}
