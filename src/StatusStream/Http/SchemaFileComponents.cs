using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace StatusStream.Http;

/// <summary>
/// Puts the JSON Schemas of <c>schemas/</c> into an OpenAPI document's components, as they are: each file becomes the
/// component named by its <c>title</c>, its <c>definitions</c> become components <c>&lt;title&gt;_&lt;name&gt;</c>, and
/// <c>$ref</c>s (to a definition, or to another file of <c>schemas/</c>) are pointed at those components. Nothing is
/// typed twice: the files stay the one description, for the Kafka topics and the webhooks alike.
/// </summary>
internal static class SchemaFileComponents
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "schemas");

    /// <summary>Adds <paramref name="file"/> (and the files it refers to) to the document; returns a reference to it.</summary>
    public static OpenApiSchemaReference Add(OpenApiDocument document, string file)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, file)))!.AsObject();
        var title = (string?)root["title"] ?? throw new InvalidOperationException($"schemas/{file} has no title");
        if (!document.Components.Schemas.ContainsKey(title))
        {
            // Claimed before the references are followed, so two files that refer to each other end.
            document.Components.Schemas[title] = new OpenApiSchema();
            if (root["definitions"] is JsonObject definitions)
            {
                foreach (var (name, definition) in definitions)
                {
                    document.Components.Schemas[$"{title}_{name}"] = Parse(document, Rewrite(document, title, definition!.DeepClone()));
                }
            }

            root.Remove("$schema");
            root.Remove("$id");
            root.Remove("definitions");
            document.Components.Schemas[title] = Parse(document, Rewrite(document, title, root));
        }

        return new OpenApiSchemaReference(title, document);
    }

    private static JsonNode Rewrite(OpenApiDocument document, string title, JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var target))
                {
                    obj["$ref"] = target.StartsWith("#/definitions/", StringComparison.Ordinal)
                        ? $"#/components/schemas/{title}_{target["#/definitions/".Length..]}"
                        : $"#/components/schemas/{Add(document, target).Reference.Id}";
                }

                foreach (var (_, child) in obj.ToList())
                {
                    if (child is not null)
                    {
                        Rewrite(document, title, child);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        Rewrite(document, title, child);
                    }
                }

                break;
        }

        return node;
    }

    private static OpenApiSchema Parse(OpenApiDocument document, JsonNode schema) =>
        OpenApiModelFactory.Parse<OpenApiSchema>(schema.ToJsonString(), OpenApiSpecVersion.OpenApi3_1, document, out _, "json")
            ?? throw new InvalidOperationException("a schema of schemas/ does not read as an OpenAPI schema");
}
