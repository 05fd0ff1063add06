using System.Text.Json;
using StatusStream.Subscriptions.Api;

namespace StatusStream.Subscriptions;

/// <summary>
/// Reads a POST /subscriptions body: a JSON object with <c>mode</c> (required: <c>only-once</c> or
/// <c>continuous</c>), optionally <c>callbackUrl</c> or <c>callbackTopic</c> (not both), <c>profile</c> and
/// <c>filter</c> (<c>provider</c>, <c>sourceNamespace</c>, <c>sourceService</c>, <c>outcome</c>, <c>eventIds</c>, <c>kind</c>).
/// Whatever is not that shape is malformed (400); whether the values are acceptable is decided after (403).
/// The shape is the serializer's (<see cref="SubscriptionApiJson"/>, strict); what is here says precisely what is wrong.
/// </summary>
internal static class SubscriptionRequestReader
{
    public const int MaxBodyBytes = 64 * 1024;

    private const string ModeChoices = $"\"{SubscriptionJson.OnlyOnce}\" or \"{SubscriptionJson.Continuous}\"";

    private static readonly string[] TopLevel = ["mode", "callbackUrl", "callbackTopic", "profile", "filter"];
    private static readonly string[] FilterFields = ["provider", "sourceNamespace", "sourceService", "outcome", "eventIds", "kind"];

    public static bool TryRead(ReadOnlyMemory<byte> body, out SubscriptionRequest? request, out string problem)
    {
        request = null;
        // The parser checks UTF-8 only when a string is read: a body with bad bytes inside a string parsed, then threw
        // (500) when its value was taken.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            problem = "The body is not valid UTF-8.";
            return false;
        }

        SubscriptionRequestBody? read;
        try
        {
            read = JsonSerializer.Deserialize(body.Span, SubscriptionApiJson.Default.SubscriptionRequestBody);
        }
        catch (JsonException e)
        {
            problem = Describe(body, e);
            return false;
        }

        if (read is null)
        {
            problem = "The body must be a JSON object.";
            return false;
        }

        // Null reads as absent, as for every other field.
        if (read.Mode is null)
        {
            problem = $"'mode' is required: {ModeChoices}.";
            return false;
        }

        if (SubscriptionJson.ParseMode(read.Mode) is not { } mode)
        {
            problem = $"'mode' must be {ModeChoices}.";
            return false;
        }

        if (read.CallbackUrl is not null && read.CallbackTopic is not null)
        {
            problem = "Give 'callbackUrl' (a webhook) or 'callbackTopic' (a stream), not both.";
            return false;
        }

        var filter = read.Filter ?? new SubscriptionRequestFilterBody();
        if (filter.EventIds?.Contains(null) == true)
        {
            problem = "'filter.eventIds' must be an array of strings.";
            return false;
        }

        request = new SubscriptionRequest(mode, read.CallbackUrl, read.CallbackTopic, read.Profile, filter.Provider, filter.SourceNamespace,
            filter.SourceService, filter.Outcome, [.. filter.EventIds?.OfType<string>() ?? []], filter.Kind);
        problem = "";
        return true;
    }

    /// <summary>
    /// The serializer's refusal in the words a caller can act on. Bodies that are not JSON, or name a property twice, are
    /// told so first (the serializer would report a repeated string as being of the wrong type); otherwise the exception's
    /// path names the property: unknown, or of the wrong type.
    /// </summary>
    private static string Describe(ReadOnlyMemory<byte> body, JsonException refusal)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8, AllowDuplicateProperties = false });
        }
        catch (JsonException)
        {
            return "The body is not JSON, or names a property twice.";
        }

        var path = PathOf(refusal.Path);
        return path switch
        {
            [] => "The body must be a JSON object.",
            ["mode"] => $"'mode' must be a string: {ModeChoices}.",
            ["filter"] => "'filter' must be an object.",
            ["filter", "eventIds", ..] => "'filter.eventIds' must be an array of strings.",
            ["filter", var name, ..] when FilterFields.Contains(name, StringComparer.Ordinal) => $"'filter.{name}' must be a string.",
            ["filter", var name, ..] => $"Unknown filter property '{Shown(name)}'; allowed: {string.Join(", ", FilterFields)}.",
            [var name, ..] when TopLevel.Contains(name, StringComparer.Ordinal) => $"'{name}' must be a string.",
            [var name, ..] => $"Unknown property '{Shown(name)}'; allowed: {string.Join(", ", TopLevel)}.",
        };
    }

    private static string Shown(string name) => name.Length > 64 ? name[..64] : name;

    /// <summary>The property names of a serializer path (<c>$.filter.eventIds[0]</c>, <c>$['a b']</c>), indexes left out.</summary>
    private static List<string> PathOf(string? path)
    {
        var names = new List<string>();
        var text = path.AsSpan();
        var at = text.StartsWith("$") ? 1 : text.Length;
        while (at < text.Length)
        {
            if (text[at] == '.')
            {
                var end = text[(at + 1)..].IndexOfAny('.', '[');
                var length = end < 0 ? text.Length - at - 1 : end;
                names.Add(text.Slice(at + 1, length).ToString());
                at += 1 + length;
            }
            else if (text[at..].StartsWith("['"))
            {
                var end = text[(at + 2)..].IndexOf("']");
                var length = end < 0 ? text.Length - at - 2 : end;
                names.Add(text.Slice(at + 2, length).ToString());
                at += 2 + length + 2;
            }
            else
            {
                var end = text[at..].IndexOf(']');
                at = end < 0 ? text.Length : at + end + 1;
            }
        }

        return names;
    }
}
