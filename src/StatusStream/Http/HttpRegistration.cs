using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StatusStream.Settings;

namespace StatusStream.Http;

internal static class HttpRegistration
{
    /// <summary>The optional HTTP listener (Http:Urls); features add their routes as <see cref="IHttpRoutes"/>.</summary>
    public static IHostApplicationBuilder AddHttpListener(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<HttpOptions, HttpOptionsValidator>(builder.Configuration, HttpOptions.SectionName);
        builder.Services.AddSingleton<IHttpRoutes, OpenApiRoutes>();
        builder.Services.AddSingleton<HttpListenerService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<HttpListenerService>());
        return builder;
    }
}
