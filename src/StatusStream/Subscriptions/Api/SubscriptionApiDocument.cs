using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace StatusStream.Subscriptions.Api;

/// <summary>
/// What the generated description of the subscription API cannot know from the routes: that every operation takes a
/// namespace's API key as a bearer token, which values the string fields take, the query of the list, and that an
/// answer leaves absent fields out rather than writing null (<see cref="SubscriptionApiJson"/>).
/// </summary>
internal sealed class SubscriptionApiDocument : IOpenApiDocumentTransformer, IOpenApiSchemaTransformer
{
    public const string SecuritySchemeName = "namespaceApiKey";

    private static readonly HashSet<Type> Answers =
    [
        typeof(SubscriptionView), typeof(SubscriptionFilterView), typeof(SubscriptionPageView), typeof(SubscriptionPageItems),
        typeof(SubscriptionCancelledView), typeof(HalLinks), typeof(HalLink), typeof(PageInfo),
    ];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The caller namespace's API key (Subscriptions:ApiKeys holds its SHA-256 digest). A namespace sees and cancels only its own subscriptions.",
        };
        foreach (var (path, item) in document.Paths ?? [])
        {
            if (!path.StartsWith("/subscriptions", StringComparison.Ordinal) || item.Operations is null)
            {
                continue;
            }

            foreach (var (method, operation) in item.Operations)
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [] }];
                if (path == "/subscriptions" && method == HttpMethod.Get)
                {
                    operation.Parameters = [Query("page", "The page, from 1 (default 1)."),
                        Query("size", "Subscriptions per page, from 1 to Subscriptions:MaxPageSize (default Subscriptions:DefaultPageSize).")];
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (Answers.Contains(context.JsonTypeInfo.Type) && schema.Properties is not null)
        {
            foreach (var (name, property) in schema.Properties)
            {
                if (property is OpenApiSchema { Type: { } type } value && type.HasFlag(JsonSchemaType.Null))
                {
                    // Written only when there is a value: optional, and never null.
                    value.Type = type & ~JsonSchemaType.Null;
                    schema.Required?.Remove(name);
                }
            }
        }

        return Task.CompletedTask;
    }

    private static OpenApiParameter Query(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Query,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" },
    };
}
