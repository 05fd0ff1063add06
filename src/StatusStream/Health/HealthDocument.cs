using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace StatusStream.Health;

/// <summary>
/// /healthz and /readyz in the OpenAPI document. The health check middleware's routes carry no handler the generator
/// can describe, so they are added here, with the body <see cref="HealthResponseWriter"/> writes.
/// </summary>
internal sealed class HealthDocument : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Paths ??= [];
        document.Paths[HealthRoutes.LivePath] = Probe("liveness", "Liveness: the process and its consume loops are alive (check process).");
        document.Paths[HealthRoutes.ReadyPath] = Probe("readiness",
            "Readiness: brokers reachable, partitions assigned, and every feature's own check (e.g. subscriptions read to the end).");
        return Task.CompletedTask;
    }

    private static OpenApiPathItem Probe(string id, string summary)
    {
        var check = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string>(StringComparer.Ordinal) { "status", "description" },
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["status"] = Status(),
                ["description"] = new OpenApiSchema { Type = JsonSchemaType.String },
            },
        };
        var body = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string>(StringComparer.Ordinal) { "status", "checks" },
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["status"] = Status(),
                ["checks"] = new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = check },
            },
        };
        OpenApiResponse Answer(string description) => new()
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/json"] = new() { Schema = body } },
        };
        return new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = id,
                    Summary = summary,
                    Tags = new HashSet<OpenApiTagReference> { new("Health") },
                    Responses = new OpenApiResponses
                    {
                        ["200"] = Answer("Every check of the probe is healthy."),
                        ["503"] = Answer("A check of the probe is not healthy."),
                    },
                },
            },
        };
    }

    private static OpenApiSchema Status() => new()
    {
        Type = JsonSchemaType.String,
        Enum = [JsonValue.Create("Healthy"), JsonValue.Create("Degraded"), JsonValue.Create("Unhealthy")],
    };
}
