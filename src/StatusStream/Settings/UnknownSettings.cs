using System.Collections;
using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace StatusStream.Settings;

/// <summary>
/// Finds configuration keys nothing reads: a section no options type binds ("Pipline:"), or a key
/// that is not a property at its place ("Retry:Routes:osp.*:MaxRetrys"). Each is named by its
/// full path and by where it came from (which file, which environment variable, the command line),
/// with the nearest known name when one is close.
/// </summary>
internal static class UnknownSettings
{
    public static IReadOnlyList<string> Find(IConfiguration configuration, IReadOnlyDictionary<string, IReadOnlyList<Type>> sections)
    {
        var problems = new List<string>();
        var known = sections.Keys.Concat(BoundSections.FreeForm).Order(StringComparer.Ordinal).ToList();
        foreach (var root in configuration.GetChildren())
        {
            // A bare value at the top (STATUSSTREAM_ENVIRONMENT, say) is no section and no setting anyone could misspell.
            if (!root.GetChildren().Any() || BoundSections.FreeForm.Contains(root.Key))
            {
                continue;
            }

            // A section bound one level down ("Serialization:SchemaRegistry"): its parent only holds such sections.
            if (!sections.ContainsKey(root.Key) && sections.Keys.Any(k => k.StartsWith(root.Key + ":", StringComparison.OrdinalIgnoreCase)))
            {
                foreach (var child in root.GetChildren())
                {
                    if (sections.TryGetValue(child.Path, out var nested))
                    {
                        foreach (var setting in child.GetChildren())
                        {
                            CheckAgainstAny(configuration, setting, nested, problems);
                        }
                    }
                    else
                    {
                        var leaf = FirstLeaf(child);
                        problems.Add($"unknown setting {leaf} ({SourceOf(configuration, leaf)})."
                            + Suggest(child.Path, sections.Keys.Where(k => k.StartsWith(root.Key + ":", StringComparison.OrdinalIgnoreCase))));
                    }
                }

                continue;
            }

            if (!sections.TryGetValue(root.Key, out var types))
            {
                var example = FirstLeaf(root);
                problems.Add($"unknown section '{root.Key}' ({example}, {SourceOf(configuration, example)}).{Suggest(root.Key, known)} "
                    + $"Known sections: {string.Join(", ", known)}.");
                continue;
            }

            foreach (var child in root.GetChildren())
            {
                CheckAgainstAny(configuration, child, types, problems);
            }
        }

        return problems;
    }

    /// <summary>A key of a section several types bind is fine when any of them has it.</summary>
    private static void CheckAgainstAny(IConfiguration configuration, IConfigurationSection section, IReadOnlyList<Type> owners, List<string> problems)
    {
        var properties = owners.SelectMany(Properties).ToList();
        var match = properties.FirstOrDefault(p => string.Equals(p.Name, section.Key, StringComparison.OrdinalIgnoreCase));
        if (match.Type is null)
        {
            problems.Add($"unknown setting {section.Path} ({SourceOf(configuration, FirstLeaf(section))})."
                + Suggest(section.Key, properties.Select(p => p.Name)));
            return;
        }

        Check(configuration, section, match.Type, problems);
    }

    private static void Check(IConfiguration configuration, IConfigurationSection section, Type type, List<string> problems)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            return;
        }

        if (IsValue(type))
        {
            var leaf = FirstLeaf(section);
            problems.Add($"unknown setting {leaf} ({SourceOf(configuration, leaf)}): {section.Path} is a single value, not a section.");
            return;
        }

        if (ElementType(type) is { } element)
        {
            foreach (var child in children)
            {
                Check(configuration, child, element, problems);
            }

            return;
        }

        foreach (var child in children)
        {
            CheckAgainstAny(configuration, child, [type], problems);
        }
    }

    /// <summary>The value type of a dictionary (keys are free) or the element type of a list.</summary>
    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var dictionary = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        if (dictionary is not null)
        {
            return dictionary.GetGenericArguments()[1];
        }

        var enumerable = type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0] ?? (typeof(IEnumerable).IsAssignableFrom(type) ? typeof(object) : null);
    }

    private static bool IsValue(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(object)
        || TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));

    /// <summary>What the binder can fill: public instance properties with a setter, or get-only collections and objects it fills in place.</summary>
    private static IEnumerable<(string Name, Type Type)> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0
                && (p.SetMethod is { IsPublic: true }
                    || (!IsValue(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType) && !p.PropertyType.IsInterface)))
            .Select(p => (p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? p.Name, p.PropertyType));

    private static string FirstLeaf(IConfigurationSection section) =>
        section.AsEnumerable().Where(e => e.Value is not null && e.Key != section.Path).Select(e => e.Key)
            .Order(StringComparer.Ordinal).FirstOrDefault() ?? section.Path;

    private static string SourceOf(IConfiguration configuration, string key) => SettingSources.Of(configuration, key) ?? "from configuration";

    private static string Suggest(string key, IEnumerable<string> candidates)
    {
        var best = candidates.Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(c => (Name: c, Distance: EditDistance(key.ToUpperInvariant(), c.ToUpperInvariant())))
            .Where(c => c.Distance <= Math.Max(1, Math.Min(3, c.Name.Length / 3)))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name is null ? "" : $" Did you mean '{best.Name}'?";
    }

    /// <summary>Levenshtein distance with adjacent transpositions: "Kafak" is one edit from "Kafka".</summary>
    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
