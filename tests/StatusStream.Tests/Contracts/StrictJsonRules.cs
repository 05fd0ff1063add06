using System.Text;
using System.Text.Json;
using NJsonSchema;
using StatusStream.Intake;

namespace StatusStream.Tests.Contracts;

/// <summary>
/// The reference verdict the agreement tests hold the hand-written readers to: a schema file run through NJsonSchema,
/// after the rules every schema's description says JSON Schema cannot state (strict JSON in UTF-8, checked with
/// System.Text.Json because the Json.NET parser under NJsonSchema accepts single quotes, comments and trailing content;
/// no repeated property the schema names; valid Unicode in the strings it names), and the mutations that probe it.
/// </summary>
internal static class StrictJsonRules
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>null when the document is strict JSON, <paramref name="beyondSchema"/> finds nothing, and the schema accepts it; otherwise why not.</summary>
    public static Task<string?> VerdictAsync(byte[] utf8Json, JsonSchema schema, Func<JsonElement, string?> beyondSchema)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(utf8Json);
        }
        catch (DecoderFallbackException)
        {
            return Task.FromResult<string?>("not UTF-8");
        }

        if (text.StartsWith('\uFEFF'))
        {
            return Task.FromResult<string?>("byte-order mark");
        }

        try
        {
            using var document = JsonDocument.Parse(utf8Json);
            if (beyondSchema(document.RootElement) is { } broken)
            {
                return Task.FromResult<string?>(broken);
            }
        }
        catch (JsonException ex)
        {
            return Task.FromResult<string?>($"not JSON: {ex.Message}");
        }

        var errors = schema.Validate(text);
        return Task.FromResult(errors.Count == 0 ? null : string.Join("; ", errors.Select(e => $"{e.Kind} at {e.Path}")));
    }

    public static string? NamedTwice(JsonElement obj, params string[] names)
    {
        foreach (var name in names)
        {
            if (obj.EnumerateObject().Count(p => NameIs(p, name)) > 1)
            {
                return $"{name} occurs twice";
            }
        }

        return null;
    }

    public static string? NotUnicode(JsonElement obj, params string[] names)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (names.Any(n => NameIs(property, n)) && property.Value.ValueKind == JsonValueKind.String)
            {
                try
                {
                    _ = property.Value.GetString();
                }
                catch (InvalidOperationException)
                {
                    return $"{property.Name} is not valid Unicode";
                }
            }
        }

        return null;
    }

    // JsonElement.TryGetProperty throws on a name that escapes a lone surrogate; this skips such names.
    public static bool TryGetNamed(JsonElement obj, string name, out JsonElement value)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (NameIs(property, name))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static bool NameIs(JsonProperty property, string name)
    {
        try
        {
            return property.NameEquals(name);
        }
        catch (InvalidOperationException)
        {
            return false; // a name escaping a lone surrogate is none of the schema's (ASCII) names
        }
    }

    /// <summary>
    /// 3,000 small edits of the valid documents in <paramref name="validFolder"/>, each judged by the schema and by the
    /// reader: they must agree on every one, and enough of each verdict must occur for the agreement to mean something.
    /// </summary>
    public static async Task AssertAgreeOnMutationsAsync(string validFolder, Random random, string[] fragments,
        Func<byte[], Task<string?>> schemaVerdict, Func<byte[], (bool Accepts, string? Detail)> reader)
    {
        // Seeded by the caller, so a failure reproduces; the mutations are small edits of real documents, which land
        // near the rules' edges far more often than random bytes would.
        var seeds = Directory.GetFiles(validFolder, "*.json").Select(File.ReadAllBytes).ToArray();
        var disagreements = new List<string>();
        var accepted = 0;
        const int Mutations = 3000;
        for (var n = 0; n < Mutations; n++)
        {
            var mutated = Mutate(seeds[random.Next(seeds.Length)], random, fragments);
            var schemaAccepts = await schemaVerdict(mutated) is null;
            var (readerAccepts, detail) = reader(mutated);
            accepted += readerAccepts ? 1 : 0;
            if (schemaAccepts != readerAccepts)
            {
                disagreements.Add($"schema {(schemaAccepts ? "accepts" : "rejects")}, reader {(readerAccepts ? "accepts" : $"rejects ({detail})")}: {Encoding.UTF8.GetString(mutated)}");
            }
        }

        Assert.True(disagreements.Count == 0, string.Join("\n\n", disagreements.Take(5)));

        // A mutation test that only ever produces garbage would agree trivially.
        Assert.InRange(accepted, Mutations / 20, Mutations - (Mutations / 20));
    }

    private static byte[] Mutate(byte[] document, Random random, string[] fragments)
    {
        var bytes = new List<byte>(document);
        for (var edits = random.Next(1, 3); edits > 0 && bytes.Count > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 4), bytes.Count - at));
                    break;
                case 1:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(fragments[random.Next(fragments.Length)]));
                    break;
                case 2:
                    bytes[at] = (byte)random.Next(0x20, 0x7F);
                    break;
                default:
                    var length = Math.Min(random.Next(1, 40), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>A corpus document the contract calls valid: the schema and the hand-written reader both accept it.</summary>
    public static void AssertBothAccept(string file, string? schemaVerdict, bool readerAccepts, InvalidInput? invalid)
    {
        Assert.True(schemaVerdict is null, $"schema rejects {file}: {schemaVerdict}");
        Assert.True(readerAccepts, $"reader rejects {file}: {invalid?.Code} {invalid?.Detail}");
    }

    /// <summary>A corpus document the contract calls invalid: both reject it, the reader for the reason its file name gives, with a detail.</summary>
    public static void AssertBothReject(string file, InvalidInputReason expected, string? schemaVerdict, bool readerAccepts, InvalidInput? invalid)
    {
        Assert.True(schemaVerdict is not null, $"schema accepts {file}");
        Assert.False(readerAccepts, $"reader accepts {file}");
        Assert.NotNull(invalid);
        Assert.True(expected == invalid.Reason, $"{file}: expected {expected}, reader says {invalid.Reason}: {invalid.Detail}");
        Assert.False(string.IsNullOrWhiteSpace(invalid.Detail));
    }
}
