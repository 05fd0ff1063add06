using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StatusStream.Tests.Support;

/// <summary>
/// A Schema Registry stand-in on 127.0.0.1 (Kestrel) serving the REST routes Confluent.SchemaRegistry's client calls
/// (read from its RestService): register (POST /subjects/{s}/versions), look up (POST /subjects/{s}), schema by id
/// (GET /schemas/ids/{id}), versions and latest of a subject. Ids are global per schema text, as the real registry's
/// are. <see cref="Available"/> = false answers every request by dropping the connection (a registry that is down);
/// <see cref="RequireBasicAuth"/> answers 401 without the right credentials. Requests that no route serves get
/// 404 and are listed in <see cref="Unserved"/>, so a test sees when the client needs a route this fake lacks.
/// </summary>
public sealed class FakeSchemaRegistry : IAsyncDisposable
{
    private const string ContentType = "application/vnd.schemaregistry.v1+json";

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _idsBySchema = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _schemasById = [];
    private readonly Dictionary<string, List<int>> _versionsBySubject = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _unserved = new();
    private readonly ConcurrentQueue<string?> _authorizations = new();

    private FakeSchemaRegistry(WebApplication app, int firstId)
    {
        _app = app;
        NextId = firstId;
    }

    public string Url { get; private set; } = "";

    /// <summary>False: every request's connection is dropped without an answer, as if nothing listened.</summary>
    public bool Available { get; set; } = true;

    /// <summary>When set, every request waits for it before it is answered (a slow registry).</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>When set (<c>user:password</c>), requests without exactly this basic auth get 401.</summary>
    public string? RequireBasicAuth { get; set; }

    /// <summary>The id the next new schema gets (a test starts it high so an id cannot be right by accident).</summary>
    public int NextId { get; private set; }

    /// <summary>"METHOD /path" of every request that reached the fake, answered or not.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    public IReadOnlyList<string> Unserved => [.. _unserved];

    /// <summary>The Authorization header of every request (null when absent).</summary>
    public IReadOnlyList<string?> Authorizations => [.. _authorizations];

    public static async Task<FakeSchemaRegistry> StartAsync(int firstId = 100)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var registry = new FakeSchemaRegistry(app, firstId);
        app.Use(registry.GateAsync);
        app.MapPost("/subjects/{subject}/versions", registry.RegisterAsync);
        app.MapPost("/subjects/{subject}", registry.LookUpAsync);
        app.MapGet("/schemas/ids/{id:int}", registry.SchemaById);
        app.MapGet("/subjects/{subject}/versions", registry.Versions);
        app.MapGet("/subjects/{subject}/versions/{version}", registry.Version);
        app.MapGet("/subjects", registry.Subjects);
        app.MapFallback(context =>
        {
            registry._unserved.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            return Error(404, 404, "no such route in the fake registry").ExecuteAsync(context);
        });
        await app.StartAsync();
        registry.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return registry;
    }

    /// <summary>The schema text registered under <paramref name="id"/>, or null.</summary>
    public string? SchemaOf(int id)
    {
        lock (_lock)
        {
            return _schemasById.GetValueOrDefault(id);
        }
    }

    /// <summary>The schema ids registered under <paramref name="subject"/>, oldest version first.</summary>
    public IReadOnlyList<int> IdsOf(string subject)
    {
        lock (_lock)
        {
            return _versionsBySubject.TryGetValue(subject, out var ids) ? [.. ids] : [];
        }
    }

    /// <summary>Registers a schema as another producer would (for look-up-only tests).</summary>
    public int Register(string subject, string schema)
    {
        lock (_lock)
        {
            if (!_idsBySchema.TryGetValue(schema, out var id))
            {
                id = NextId++;
                _idsBySchema[schema] = id;
                _schemasById[id] = schema;
            }

            var versions = _versionsBySubject.TryGetValue(subject, out var list) ? list : _versionsBySubject[subject] = [];
            if (!versions.Contains(id))
            {
                versions.Add(id);
            }

            return id;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IResult Error(int status, int errorCode, string message) =>
        Results.Json(new { error_code = errorCode, message }, statusCode: status, contentType: ContentType);

    private static IResult Json(object body) => Results.Json(body, contentType: ContentType);

    private async Task GateAsync(HttpContext context, RequestDelegate next)
    {
        _requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
        string? authorization = context.Request.Headers.Authorization;
        _authorizations.Enqueue(authorization);
        if (Hold is { } hold)
        {
            await hold.Task;
        }

        if (!Available)
        {
            context.Abort();
            return;
        }

        if (RequireBasicAuth is { } userInfo
            && authorization != new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo))).ToString())
        {
            await Error(401, 401, "Unauthorized").ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private async Task<IResult> RegisterAsync(string subject, HttpRequest request)
    {
        var schema = await ReadSchemaAsync(request);
        return schema is null ? Error(422, 42201, "Invalid schema") : Json(new { id = Register(subject, schema) });
    }

    private async Task<IResult> LookUpAsync(string subject, HttpRequest request)
    {
        var schema = await ReadSchemaAsync(request);
        lock (_lock)
        {
            if (!_versionsBySubject.TryGetValue(subject, out var ids))
            {
                return Error(404, 40401, $"Subject '{subject}' not found.");
            }

            if (schema is null || !_idsBySchema.TryGetValue(schema, out var id) || !ids.Contains(id))
            {
                return Error(404, 40403, "Schema not found");
            }

            return Json(Registered(subject, ids.IndexOf(id) + 1, id));
        }
    }

    private IResult SchemaById(int id)
    {
        lock (_lock)
        {
            return _schemasById.TryGetValue(id, out var schema)
                ? Json(new { schema, schemaType = "JSON" })
                : Error(404, 40403, "Schema not found");
        }
    }

    private IResult Versions(string subject)
    {
        lock (_lock)
        {
            return _versionsBySubject.TryGetValue(subject, out var ids)
                ? Json(Enumerable.Range(1, ids.Count).ToArray())
                : Error(404, 40401, $"Subject '{subject}' not found.");
        }
    }

    private IResult Version(string subject, string version)
    {
        lock (_lock)
        {
            if (!_versionsBySubject.TryGetValue(subject, out var ids))
            {
                return Error(404, 40401, $"Subject '{subject}' not found.");
            }

            var n = version == "latest" ? ids.Count : int.TryParse(version, out var v) ? v : 0;
            return n >= 1 && n <= ids.Count ? Json(Registered(subject, n, ids[n - 1])) : Error(404, 40402, "Version not found.");
        }
    }

    private IResult Subjects()
    {
        lock (_lock)
        {
            return Json(_versionsBySubject.Keys.ToArray());
        }
    }

    private object Registered(string subject, int version, int id) =>
        new { subject, version, id, schemaType = "JSON", schema = _schemasById[id] };

    private static async Task<string?> ReadSchemaAsync(HttpRequest request)
    {
        var body = await JsonNode.ParseAsync(request.Body);
        var schema = body?["schema"]?.GetValue<string>();
        var type = body?["schemaType"]?.GetValue<string>();
        if (schema is null || type != "JSON")
        {
            return null;
        }

        try
        {
            using var _ = JsonDocument.Parse(schema);
            return schema;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
