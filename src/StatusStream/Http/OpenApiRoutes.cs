using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace StatusStream.Http;

/// <summary>
/// GET /openapi/v1.json: the OpenAPI 3.1 document ASP.NET Core generates from the routes the listener serves, with what
/// features add through an <see cref="IOpenApiDocumentTransformer"/> or <see cref="IOpenApiSchemaTransformer"/> in the host's
/// container (the webhook bodies, the
/// API key). <c>docs/openapi.json</c> is a copy of it; a test keeps the two the same.
/// </summary>
internal sealed class OpenApiRoutes(IEnumerable<IOpenApiDocumentTransformer> transformers, IEnumerable<IOpenApiSchemaTransformer> schemaTransformers)
    : IHttpRoutes
{
    public const string DocumentName = "v1";
    public const string Path = "/openapi/v1.json";

    public void ConfigureServices(IServiceCollection webServices) =>
        webServices.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "StatusStream",
                    Version = "1",
                    Description = "The subscription API and the health and metrics routes of StatusStream's HTTP listener (Http:Urls), "
                        + "and, under webhooks, every request body StatusStream POSTs to a webhook receiver.",
                };
                // The generator names the address the document was fetched from; the copy in docs/ is the same for every address.
                document.Servers = [];
                return Task.CompletedTask;
            });
            foreach (var transformer in transformers)
            {
                options.AddDocumentTransformer(transformer);
            }

            foreach (var transformer in schemaTransformers)
            {
                options.AddSchemaTransformer(transformer);
            }
        });

    public void Map(WebApplication app) => app.MapOpenApi(Path);
}
