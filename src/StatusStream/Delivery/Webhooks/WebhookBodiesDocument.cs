using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Delivery.Webhooks.Signing;
using StatusStream.Http;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// The OpenAPI document's <c>webhooks</c>: every body StatusStream POSTs to a receiver (<see cref="WebhookBodySchemas"/>),
/// each described by its JSON Schema in <c>schemas/</c>, with the Standard Webhooks signature headers, so that
/// receivers can generate their types.
/// </summary>
internal sealed class WebhookBodiesDocument : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Webhooks ??= new Dictionary<string, IOpenApiPathItem>(StringComparer.Ordinal);
        foreach (var body in WebhookBodySchemas.All)
        {
            var schema = SchemaFileComponents.Add(document, body.SchemaFile);
            document.Webhooks[body.Name] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Post] = new()
                    {
                        OperationId = body.Name,
                        Summary = body.Summary,
                        Description = $"Sent to endpoints with profile {WebhookProfileName.Of(body.Profile)}. Signed when the endpoint or "
                            + "subscription has a signing secret (webhook-id, webhook-timestamp, webhook-signature). Any 2xx acknowledges it; "
                            + "other answers are retried or dead-lettered as docs/webhooks.md describes.",
                        Parameters = [Header(StandardWebhookHeaders.IdName, "The message id: the same on every retry of this body."),
                            Header(StandardWebhookHeaders.TimestampName, "Seconds since the Unix epoch when this attempt was signed."),
                            Header(StandardWebhookHeaders.SignatureName, "v1,<base64 HMAC-SHA256> per active key, space-separated.")],
                        RequestBody = new OpenApiRequestBody
                        {
                            Required = true,
                            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { [body.ContentType] = new() { Schema = schema } },
                        },
                        Responses = new OpenApiResponses
                        {
                            ["2XX"] = new OpenApiResponse { Description = "Received: the delivery is done." },
                        },
                    },
                },
            };
        }

        return Task.CompletedTask;
    }

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
