using System.Collections;
using System.ComponentModel;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Docs;

/// <summary>
/// docs/configuration.md cannot drift from the code: every setting an options class binds (a type with a
/// <c>SectionName</c> constant, the project's convention, and everything reachable from its properties) is named in
/// the first column of one of the page's tables, and every setting named there is bound. Dictionary keys are written
/// as a placeholder, <c>Webhooks:Endpoints:&lt;name&gt;:Url</c>; any placeholder text matches any key.
/// </summary>
public sealed partial class ConfigurationReferenceTests
{
    private const string Page = "docs/configuration.md";

    [Fact]
    public void Reference_EveryBoundSetting_IsDocumented()
    {
        var documented = Documented(RepositoryRoot.ReadAllText(Page));

        var missing = Bound().Where(s => !documented.ContainsKey(s)).ToList();

        Assert.True(missing.Count == 0, $"bound but not in {Page}:\n{string.Join("\n", missing)}");
    }

    [Fact]
    public void Reference_EveryDocumentedSetting_IsBound()
    {
        var bound = Bound();

        // Logging is free-form (Microsoft.Extensions.Logging reads it, no options class): documented, never bound here.
        var unknown = Documented(RepositoryRoot.ReadAllText(Page))
            .Where(d => !bound.Contains(d.Key) && !StatusStream.Settings.BoundSections.FreeForm.Contains(d.Key.Split(':')[0]))
            .Select(d => $"{d.Value} ({d.Key})").ToList();

        Assert.True(unknown.Count == 0, $"in {Page} but bound by no options class:\n{string.Join("\n", unknown)}");
    }

    [Fact]
    public void Bound_KnownSettings_AreFoundThroughSectionsNestedTypesAndDictionaries()
    {
        var bound = Bound();

        // A plain property, a section one level down, a dictionary of nested options, a dictionary of values.
        Assert.Contains("Kafka:BootstrapServers", bound);
        Assert.Contains("Serialization:SchemaRegistry:Url", bound);
        Assert.Contains("Webhooks:Endpoints:<>:Url", bound);
        Assert.Contains("Kafka:ClientProperties:<>", bound);
        Assert.DoesNotContain("Kafka:SectionName", bound);
        // A get-only view made anew on every read binds nothing.
        Assert.DoesNotContain("Webhooks:Endpoints:<>:Credentials:AccessKey", bound);
    }

    [Fact]
    public void Documented_TableRows_ReadEveryNameOfTheFirstColumnOnly()
    {
        const string page = """
            | setting | default | meaning |
            |---|---|---|
            | `Retry:MaxRetries`, `Retry:Jitter` | `5` | see `Retry:HoldSeconds` |
            | `Webhooks:Endpoints:<name>:Url` | | |
            Prose naming `Kafka:GroupId` is no row.
            """;

        var documented = Documented(page);

        Assert.Equal(["Retry:Jitter", "Retry:MaxRetries", "Webhooks:Endpoints:<>:Url"], documented.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Reference_DefaultColumn_IsTheCodesDefault()
    {
        var defaults = Defaults();
        var wrong = new List<string>();
        foreach (var (name, documented) in DocumentedDefaults(RepositoryRoot.ReadAllText(Page)))
        {
            if (defaults.TryGetValue(name, out var actual) && !string.Equals(documented, actual, StringComparison.OrdinalIgnoreCase))
            {
                wrong.Add($"{name}: documented `{documented}`, the code's default is `{actual}`");
            }
        }

        Assert.True(defaults.Count > 40, $"only {defaults.Count} defaults read from the options classes");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>The default of every plain setting (a value, not under a dictionary) as a new options object has it.</summary>
    internal static IReadOnlyDictionary<string, string> Defaults()
    {
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
        var sections = typeof(StatusStream.Kafka.KafkaOptions).Assembly.GetTypes()
            .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(t => t.Field is { IsLiteral: true } && t.Type.IsClass && !t.Type.IsAbstract);
        foreach (var (type, field) in sections)
        {
            var options = Activator.CreateInstance(type, nonPublic: true);
            foreach (var (name, propertyType) in Properties(type))
            {
                var underlying = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
                if (IsValue(underlying) && type.GetProperty(name)?.GetValue(options) is { } value)
                {
                    defaults[$"{field!.GetRawConstantValue()}:{name}"] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!;
                }
            }
        }

        return defaults;
    }

    /// <summary>Rows naming one setting whose default cell is a single `literal`.</summary>
    private static IEnumerable<(string Name, string Default)> DocumentedDefaults(string page)
    {
        foreach (Match row in DefaultRow().Matches(page.Replace("\r\n", "\n", StringComparison.Ordinal)))
        {
            var names = Name().Matches(row.Groups["first"].Value);
            if (names.Count == 1)
            {
                yield return (names[0].Groups[1].Value, row.Groups["default"].Value);
            }
        }
    }

    [GeneratedRegex(@"^\|(?<first>[^|\n]*)\|\s*`(?<default>[^`|]*)`\s*\|", RegexOptions.Multiline)]
    private static partial Regex DefaultRow();

    /// <summary>Every setting path the options classes bind; dictionary and list levels are "&lt;&gt;".</summary>
    internal static IReadOnlySet<string> Bound()
    {
        var settings = new SortedSet<string>(StringComparer.Ordinal);
        var sections = typeof(StatusStream.Kafka.KafkaOptions).Assembly.GetTypes()
            .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(t => t.Field is { IsLiteral: true } && t.Type.IsClass && !t.Type.IsAbstract);
        foreach (var (type, field) in sections)
        {
            Walk((string)field!.GetRawConstantValue()!, type, settings, depth: 0);
        }

        Assert.True(settings.Count > 50, $"only {settings.Count} settings found: is SectionName still the convention?");
        return settings;
    }

    /// <summary>Setting names in the first cell of Markdown table rows (normalized) to the name as written.</summary>
    internal static IReadOnlyDictionary<string, string> Documented(string page)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match row in Row().Matches(page.Replace("\r\n", "\n", StringComparison.Ordinal)))
        {
            foreach (Match name in Name().Matches(row.Groups["first"].Value))
            {
                names.TryAdd(Placeholder().Replace(name.Groups[1].Value, "<>"), name.Groups[1].Value);
            }
        }

        return names;
    }

    private static void Walk(string path, Type type, ISet<string> settings, int depth)
    {
        Assert.True(depth < 8, $"{path}: options nest deeper than 8 levels (a cycle?)");
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsValue(type))
        {
            settings.Add(path);
            return;
        }

        if (ElementType(type) is { } element)
        {
            Walk(path + ":<>", element, settings, depth + 1);
            return;
        }

        foreach (var (name, propertyType) in Properties(type))
        {
            Walk($"{path}:{name}", propertyType, settings, depth + 1);
        }
    }

    // What the configuration binder fills: public settable properties, or get-only objects and collections it fills
    // in place. A get-only property that makes a new object on every read (a view computed from the others) is filled
    // and thrown away, so it binds nothing.
    private static IEnumerable<(string Name, Type Type)> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0
                && (p.SetMethod is { IsPublic: true }
                    || (!IsValue(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType) && !p.PropertyType.IsInterface && !IsComputed(type, p))))
            .Select(p => (p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? p.Name, p.PropertyType));

    private static bool IsComputed(Type owner, PropertyInfo property)
    {
        var instance = Activator.CreateInstance(owner, nonPublic: true);
        return !ReferenceEquals(property.GetValue(instance), property.GetValue(instance));
    }

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var generic = type.GetInterfaces().Append(type).Where(i => i.IsGenericType).ToList();
        var dictionary = generic.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>));
        if (dictionary is not null)
        {
            return dictionary.GetGenericArguments()[1];
        }

        var enumerable = generic.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0] ?? (typeof(IEnumerable).IsAssignableFrom(type) ? typeof(object) : null);
    }

    private static bool IsValue(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(object)
        || TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));

    [GeneratedRegex(@"^\|(?<first>[^|\n]*)\|", RegexOptions.Multiline)]
    private static partial Regex Row();

    [GeneratedRegex(@"`([A-Z][A-Za-z]*(?::(?:[A-Z][A-Za-z0-9]*|<[^>`]+>))+)`")]
    private static partial Regex Name();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Placeholder();
}
