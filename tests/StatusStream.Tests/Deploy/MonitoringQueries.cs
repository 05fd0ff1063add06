using System.Text.Json;
using System.Text.RegularExpressions;
using StatusStream.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace StatusStream.Tests.Deploy;

/// <summary>
/// The PromQL of deploy/monitoring (alert rules and Grafana dashboard), and the metric and label names it
/// uses, read the way Prometheus reads them: strings, matchers, ranges and grouping clauses are not metrics.
/// </summary>
internal static partial class MonitoringQueries
{
    public const string RulesFile = "statusstream-alerts.rules.yml";
    public const string TestFile = "statusstream-alerts.test.yml";
    public const string OperatorFile = "prometheusrule.yaml";
    public const string DashboardFile = "grafana-dashboard.json";

    // Labels Prometheus adds itself (job, instance from the scrape; le is a histogram's bucket bound).
    private static readonly HashSet<string> PrometheusLabels = new(StringComparer.Ordinal) { "job", "instance", "le" };
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal) { "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right" };

    public static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(RepositoryRoot.ReadAllText("deploy", "monitoring", file));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>Every alerting rule of the rules file as (group, rule mapping).</summary>
    public static IReadOnlyList<(string Group, YamlMappingNode Rule)> Alerts() =>
        [.. ((YamlSequenceNode)Load(RulesFile)["groups"]).Cast<YamlMappingNode>()
            .SelectMany(g => ((YamlSequenceNode)g["rules"]).Cast<YamlMappingNode>().Select(r => (g["name"].ToString(), r)))
            .Where(x => x.Item2.Children.ContainsKey("alert"))];

    public static IReadOnlyList<string> RuleExpressions() => [.. Alerts().Select(a => a.Rule["expr"].ToString())];

    public static IReadOnlyList<string> DashboardExpressions()
    {
        using var dashboard = JsonDocument.Parse(RepositoryRoot.ReadAllText("deploy", "monitoring", DashboardFile));
        var found = new List<string>();
        Collect(dashboard.RootElement, found);
        return found;
    }

    public static ISet<string> MetricNames(string expr)
    {
        var bare = Strip(expr);
        return new HashSet<string>(Identifier().Matches(bare).Select(m => m.Value).Where(name => !Keywords.Contains(name)), StringComparer.Ordinal);
    }

    /// <summary>Label names in matchers and in by/without/on/ignoring lists, less the ones Prometheus adds.</summary>
    public static ISet<string> LabelNames(string expr)
    {
        var withoutStrings = QuotedString().Replace(expr, "\"\"");
        var names = Matchers().Matches(withoutStrings).SelectMany(m => MatcherName().Matches(m.Groups[1].Value).Select(n => n.Groups[1].Value))
            .Concat(Grouping().Matches(withoutStrings).SelectMany(m => m.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
        return new HashSet<string>(names.Where(n => !PrometheusLabels.Contains(n)), StringComparer.Ordinal);
    }

    private static string Strip(string expr)
    {
        var s = QuotedString().Replace(expr, "\"\"");
        s = Matchers().Replace(s, " ");
        s = Ranges().Replace(s, " ");
        return Grouping().Replace(s, " ");
    }

    private static void Collect(JsonElement element, List<string> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "expr" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        found.Add(property.Value.GetString()!);
                    }
                    else
                    {
                        Collect(property.Value, found);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, found);
                }

                break;
        }
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex QuotedString();

    [GeneratedRegex(@"\{([^}]*)\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)")]
    private static partial Regex MatcherName();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)")]
    private static partial Regex Grouping();

    // A name not followed by "(" (that is a function); \b at both ends so "rate(" never yields "rat".
    [GeneratedRegex(@"(?<![\w$.])[A-Za-z_:][A-Za-z0-9_:]*\b(?!\s*\()")]
    private static partial Regex Identifier();
}
