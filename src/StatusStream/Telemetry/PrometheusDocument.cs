using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace StatusStream.Telemetry;

/// <summary>/metrics in the OpenAPI document (Telemetry:Prometheus=true): the exporter's route has no handler the generator can describe.</summary>
internal sealed class PrometheusDocument : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Paths ??= [];
        document.Paths[PrometheusRoutes.Path] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = "metrics",
                    Summary = "The metrics in the Prometheus text exposition format (docs/observability.md).",
                    Tags = new HashSet<OpenApiTagReference> { new("Metrics") },
                    Responses = new OpenApiResponses
                    {
                        ["200"] = new OpenApiResponse
                        {
                            Description = "The current values.",
                            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                            {
                                ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                            },
                        },
                    },
                },
            },
        };
        return Task.CompletedTask;
    }
}
