using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Settings;

namespace StatusStream.Hosting;

internal static class IntakeRegistration
{
    /// <summary>The limits on what one input event may ask for (section "Intake", validated at start) and the step that applies them.</summary>
    public static IHostApplicationBuilder AddIntake(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<IntakeOptions, IntakeOptionsValidator>(builder.Configuration, IntakeOptions.SectionName);
        builder.Services.AddSingleton<FanOutAdmission>();
        builder.Services.AddSingleton<InputHeaderDrops>();
        return builder;
    }
}
