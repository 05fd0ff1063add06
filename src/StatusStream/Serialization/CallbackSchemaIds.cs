using System.Collections.Concurrent;
using System.Net.Http;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StatusStream.Serialization;

/// <summary>
/// The schema id of schemas/notification-status.schema.json under each callback topic's <c>&lt;topic&gt;-value</c>
/// subject. A known id is a dictionary read; an unknown one is registered (or looked up) once, off the caller's
/// thread, however many statuses wait for it. A failure is not cached: the next status for the subject (a retry,
/// typically) asks again, so deliveries resume once the registry is back.
/// </summary>
/// <remarks>
/// Bounded (<see cref="MaxKnown"/>): every distinct callback topic an event names would otherwise stay here for the
/// life of the process. At the bound the table starts over, as the intake tables do (Intake.RepeatedText): the topics
/// still in use cost one registry lookup each again, which the registry client's own cache mostly answers.
/// </remarks>
internal sealed class CallbackSchemaIds
{
    /// <summary>Where the app finds the status schema (copied beside it at build).</summary>
    public static readonly string SchemaPath = Path.Combine(AppContext.BaseDirectory, "schemas", "notification-status.schema.json");

    /// <summary>Most topics whose id is kept: far more than a deployment's active callback topics.</summary>
    internal const int MaxKnown = 4096;

    private const int MaxDescriptionLength = 200;

    private readonly ISchemaRegistryClient _client;
    private readonly Schema _schema;
    private readonly SchemaRegistryOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, int> _known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<int>>> _pending = new(StringComparer.Ordinal);

    public CallbackSchemaIds(ISchemaRegistryClient client, IOptions<SchemaRegistryOptions> options, ILogger<CallbackSchemaIds> logger)
    {
        _client = client;
        _options = options.Value;
        _logger = logger;
        // Registered exactly as the file has it: the schema is the contract, and the registry compares it as text.
        _schema = new Schema(File.ReadAllText(SchemaPath), SchemaType.Json);
    }

    public static string SubjectOf(string topic) => topic + "-value";

    public bool TryGetKnown(string topic, out int schemaId) => _known.TryGetValue(topic, out schemaId);

    /// <summary>How many topics' ids are kept now (at most <see cref="MaxKnown"/>).</summary>
    internal int KnownCount => _known.Count;

    /// <summary>
    /// The id for <paramref name="topic"/>'s value subject. Returns at once: the request runs on the thread pool. The
    /// task fails with <see cref="SchemaRegistryUnavailableException"/> when the registry does not give the id.
    /// </summary>
    public Task<int> ResolveAsync(string topic)
    {
        if (_known.TryGetValue(topic, out var known))
        {
            return Task.FromResult(known);
        }

        return _pending.GetOrAdd(topic, t => new Lazy<Task<int>>(() => Task.Run(() => RequestAsync(t)))).Value;
    }

    private async Task<int> RequestAsync(string topic)
    {
        var subject = SubjectOf(topic);
        try
        {
            var id = _options.AutoRegisterSchemas
                ? await _client.RegisterSchemaAsync(subject, _schema, normalize: false).ConfigureAwait(false)
                : await _client.GetSchemaIdAsync(subject, _schema, normalize: false).ConfigureAwait(false);
            // Count takes every lock of the table: fine here, once per new topic, never on a known one's path.
            if (_known.Count >= MaxKnown)
            {
                _known.Clear();
            }

            _known[topic] = id;
            SchemaRegistryLog.SchemaIdKnown(_logger, subject, id);
            return id;
        }
        catch (Exception e)
        {
            // Whatever the client throws (unreachable, timeout, refused, an answer it cannot read) becomes the one
            // transient failure: the status waits on the retry topic, it is never dropped.
            var description = Describe(e);
            SchemaRegistryLog.SchemaIdUnavailable(_logger, subject, description);
            throw new SchemaRegistryUnavailableException(description, e);
        }
        finally
        {
            // Only this request's entry can be there: a new one is added only once this one is gone.
            _pending.TryRemove(topic, out _);
        }
    }

    /// <summary>One line, "schema-registry: ...", for logs, retry headers and the history. The URL never has credentials (validated).</summary>
    private string Describe(Exception e)
    {
        var text = e switch
        {
            SchemaRegistryException refused => $"schema-registry: {(int)refused.Status} (error code {refused.ErrorCode}) {refused.Message}",
            OperationCanceledException or TimeoutException => $"schema-registry: no answer within {_options.RequestTimeoutSeconds} s",
            HttpRequestException unreachable => $"schema-registry: unreachable: {unreachable.Message}",
            _ => $"schema-registry: {e.GetType().Name}: {e.Message}",
        };
        text = text.ReplaceLineEndings(" ");
        return text.Length <= MaxDescriptionLength ? text : text[..MaxDescriptionLength];
    }
}
