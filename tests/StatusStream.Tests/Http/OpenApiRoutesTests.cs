using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Http;
using StatusStream.Tests.Docs;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Http;

/// <summary>
/// The OpenAPI document the listener serves: the same as docs/openapi.json, valid for an independent parser, describing
/// every route and every webhook body.
/// </summary>
public sealed class OpenApiRoutesTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    /// <summary>Set to 1 to write the served document to docs/openapi.json instead of comparing.</summary>
    private const string RegenerateVariable = "STATUSSTREAM_WRITE_OPENAPI";

    private static readonly string CheckedIn = RepositoryRoot.PathOf("docs", "openapi.json");

    [Fact]
    public async Task Served_EveryFeatureOn_IsTheCheckedInDocsOpenApiJson()
    {
        var served = await ServedAsync();

        var text = served.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
        {
            await File.WriteAllTextAsync(CheckedIn, text);
        }

        Assert.True(File.Exists(CheckedIn) && JsonNode.DeepEquals(served, JsonNode.Parse(await File.ReadAllTextAsync(CheckedIn))),
            $"docs/openapi.json is not the document {OpenApiRoutes.Path} serves. Regenerate it with: "
            + $"{RegenerateVariable}=1 dotnet test tests/StatusStream.Tests -c Release --filter \"FullyQualifiedName~{nameof(OpenApiRoutesTests)}.{nameof(Served_EveryFeatureOn_IsTheCheckedInDocsOpenApiJson)}\"");
    }

    [Fact]
    public void CheckedIn_ReadmeOpenApiParser_Valid()
    {
        var (exitCode, output) = ContractParsers.Run("validate-openapi.mjs", "docs/openapi.json");

        Assert.True(exitCode == 0, $"@readme/openapi-parser refused docs/openapi.json:\n{output}");
        Assert.StartsWith("valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadmeOpenApiParser_BrokenReference_Refused()
    {
        // The parser is really run on the file and really refuses: a document with a dangling $ref is not "valid".
        var document = JsonNode.Parse(File.ReadAllText(CheckedIn))!;
        document["webhooks"]!["cityos-status"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"] = "#/components/schemas/Nowhere";
        var broken = Path.Combine("tools", "contracts", $"broken-{Guid.NewGuid():N}.json");
        File.WriteAllText(RepositoryRoot.PathOf(broken), document.ToJsonString());
        try
        {
            var (exitCode, output) = ContractParsers.Run("validate-openapi.mjs", broken);

            Assert.True(exitCode != 0, output);
            Assert.Contains("Nowhere", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(RepositoryRoot.PathOf(broken));
        }
    }

    [Fact]
    public async Task Served_Version31_EveryRouteAndSubscriptionOperationWithTheApiKey()
    {
        var served = await ServedAsync();

        Assert.StartsWith("3.1.", (string?)served["openapi"], StringComparison.Ordinal);
        var paths = served["paths"]!.AsObject();
        Assert.Equal(["/healthz", "/metrics", "/readyz", "/subscriptions", "/subscriptions/{id}"], paths.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["get", "post"], paths["/subscriptions"]!.AsObject().Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["get", "put"], paths["/subscriptions/{id}"]!.AsObject().Select(o => o.Key).Order(StringComparer.Ordinal));
        foreach (var path in new[] { "/subscriptions", "/subscriptions/{id}" })
        {
            foreach (var (method, operation) in paths[path]!.AsObject())
            {
                Assert.True(operation!["security"]?[0]?["namespaceApiKey"] is not null, $"{method} {path} names no API key");
                Assert.Equal("#/components/schemas/ProblemDetails",
                    (string?)operation["responses"]!["401"]!["content"]!["application/problem+json"]!["schema"]!["$ref"]);
            }
        }

        Assert.Equal("#/components/schemas/SubscriptionRequestBody",
            (string?)paths["/subscriptions"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]);
        Assert.Equal("#/components/schemas/SubscriptionView",
            (string?)paths["/subscriptions"]!["post"]!["responses"]!["201"]!["content"]!["application/hal+json"]!["schema"]!["$ref"]);
    }

    [Fact]
    public async Task Served_Webhooks_EveryProfileAndReceivedTextMessages_EachWithItsSchemaFromSchemasFolder()
    {
        var served = await ServedAsync();

        var webhooks = served["webhooks"]!.AsObject();
        Assert.Equal(WebhookBodySchemas.All.Select(b => b.Name).Order(StringComparer.Ordinal), webhooks.Select(w => w.Key).Order(StringComparer.Ordinal));
        Assert.Equal(Enum.GetValues<WebhookProfile>().Order(), WebhookBodySchemas.All.Where(b => !b.ReceivedTextMessage).Select(b => b.Profile).Order());
        var components = served["components"]!["schemas"]!.AsObject();
        foreach (var body in WebhookBodySchemas.All)
        {
            var file = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemas", body.SchemaFile)))!;
            var title = (string)file["title"]!;
            var content = webhooks[body.Name]!["post"]!["requestBody"]!["content"]!.AsObject();
            Assert.Equal(body.ContentType, Assert.Single(content).Key);
            Assert.Equal($"#/components/schemas/{title}", (string?)content[body.ContentType]!["schema"]!["$ref"]);
            // The file's own text, not a retyped copy: same required list and the same property names.
            Assert.True(JsonNode.DeepEquals(file["required"], components[title]!["required"]), $"{body.SchemaFile}: required differs");
            Assert.Equal(file["properties"]!.AsObject().Select(p => p.Key), components[title]!["properties"]!.AsObject().Select(p => p.Key));
        }

        // A file's reference to another file points at that file's component.
        Assert.Equal("#/components/schemas/NotificationStatus", (string?)components["HalStatusCallback"]!["properties"]!["status"]!["$ref"]);
    }

    [Fact]
    public async Task Served_AnswerFieldsLeftOutWhenAbsent_OptionalNotNullable()
    {
        var served = await ServedAsync();

        var view = served["components"]!["schemas"]!["SubscriptionView"]!;
        Assert.Equal(["_links", "UUID", "mode", "state", "createdAt", "filter"], view["required"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("string", (string?)view["properties"]!["signingSecret"]!["type"]);
    }

    private async Task<JsonNode> ServedAsync()
    {
        await using var api = await SubscriptionTestHost.StartAsync(kafka, PipelineTopics.Create(kafka), SubscriptionTestHost.CreateTopic(kafka),
            ("Telemetry:Prometheus", "true"));
        using var response = await api.Http.GetAsync(OpenApiRoutes.Path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
