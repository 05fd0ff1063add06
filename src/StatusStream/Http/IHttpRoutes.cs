using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace StatusStream.Http;

/// <summary>
/// A feature's share of the HTTP listener (health, metrics, the subscription API). Registered in the
/// host's container; the listener calls every one. Handlers may use the host's singletons directly.
/// </summary>
internal interface IHttpRoutes
{
    /// <summary>Services the web application itself needs (e.g. health checks); most features need none.</summary>
    void ConfigureServices(IServiceCollection webServices)
    {
    }

    void Map(WebApplication app);
}
