using System.Text.Json;

namespace StatusStream.Subscriptions;

/// <summary>
/// Reads a POST /subscriptions body: a JSON object with <c>mode</c> (required: <c>only-once</c> or
/// <c>continuous</c>), optionally <c>callbackUrl</c> or <c>callbackTopic</c> (not both), <c>profile</c> and
/// <c>filter</c> (<c>provider</c>, <c>sourceNamespace</c>, <c>sourceService</c>, <c>outcome</c>, <c>eventIds</c>, <c>kind</c>).
/// Whatever is not that shape is malformed (400); whether the values are acceptable is decided after (403).
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

        JsonDocument document;
        try
        {
            // A property given twice is refused, as in events: which copy counts would otherwise be the parser's choice.
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8, AllowDuplicateProperties = false });
        }
        catch (JsonException)
        {
            problem = "The body is not JSON, or names a property twice.";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "The body must be a JSON object.";
                return false;
            }

            if (Unknown(root, TopLevel) is { } unknown)
            {
                problem = $"Unknown property '{unknown}'; allowed: {string.Join(", ", TopLevel)}.";
                return false;
            }

            // Null reads as absent, as for every other field; any other non-string is there but of the wrong type,
            // and saying "required" to a caller who sent it sends them looking for a typo in the name.
            if (!root.TryGetProperty("mode", out var modeElement) || modeElement.ValueKind == JsonValueKind.Null)
            {
                problem = $"'mode' is required: {ModeChoices}.";
                return false;
            }

            if (modeElement.ValueKind != JsonValueKind.String)
            {
                problem = $"'mode' must be a string: {ModeChoices}.";
                return false;
            }

            if (SubscriptionJson.ParseMode(modeElement.GetString()) is not { } mode)
            {
                problem = $"'mode' must be {ModeChoices}.";
                return false;
            }

            if (!TryString(root, "callbackUrl", out var callbackUrl, out problem)
                || !TryString(root, "callbackTopic", out var callbackTopic, out problem)
                || !TryString(root, "profile", out var profile, out problem))
            {
                return false;
            }

            if (callbackUrl is not null && callbackTopic is not null)
            {
                problem = "Give 'callbackUrl' (a webhook) or 'callbackTopic' (a stream), not both.";
                return false;
            }

            string? provider = null, sourceNamespace = null, sourceService = null, outcome = null, kind = null;
            var eventIds = new List<string>();
            if (root.TryGetProperty("filter", out var filter) && filter.ValueKind != JsonValueKind.Null)
            {
                if (filter.ValueKind != JsonValueKind.Object)
                {
                    problem = "'filter' must be an object.";
                    return false;
                }

                if (Unknown(filter, FilterFields) is { } unknownField)
                {
                    problem = $"Unknown filter property '{unknownField}'; allowed: {string.Join(", ", FilterFields)}.";
                    return false;
                }

                if (!TryString(filter, "provider", out provider, out problem, "filter.")
                    || !TryString(filter, "sourceNamespace", out sourceNamespace, out problem, "filter.")
                    || !TryString(filter, "sourceService", out sourceService, out problem, "filter.")
                    || !TryString(filter, "outcome", out outcome, out problem, "filter.")
                    || !TryString(filter, "kind", out kind, out problem, "filter."))
                {
                    return false;
                }

                if (filter.TryGetProperty("eventIds", out var ids) && ids.ValueKind != JsonValueKind.Null)
                {
                    if (ids.ValueKind != JsonValueKind.Array || ids.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                    {
                        problem = "'filter.eventIds' must be an array of strings.";
                        return false;
                    }

                    eventIds.AddRange(ids.EnumerateArray().Select(e => e.GetString()!));
                }
            }

            request = new SubscriptionRequest(mode, callbackUrl, callbackTopic, profile, provider, sourceNamespace, sourceService, outcome, eventIds, kind);
            problem = "";
            return true;
        }
    }

    private static string? Unknown(JsonElement element, string[] allowed)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                return property.Name.Length > 64 ? property.Name[..64] : property.Name;
            }
        }

        return null;
    }

    private static bool TryString(JsonElement parent, string name, out string? value, out string problem, string prefix = "")
    {
        value = null;
        problem = "";
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            problem = $"'{prefix}{name}' must be a string.";
            return false;
        }

        value = element.GetString();
        return true;
    }
}
