using System.Text.RegularExpressions;
using StatusStream.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace StatusStream.Tests.Deploy;

/// <summary>
/// deploy/monitoring's alert rules: valid for promtool, each alert tested by promtool's unit tests (firing
/// and not firing), the PrometheusRule holding the same groups, and every alert pointing at its runbook
/// section in docs/operations.md. promtool comes from Debian's prometheus package; without it these fail.
/// </summary>
public sealed class MonitoringRulesTests
{
    [Fact]
    public void PromtoolCheckRules_RulesFile_Succeeds()
    {
        var (exitCode, output) = Promtool.Run("check", "rules", MonitoringQueries.RulesFile);

        Assert.True(exitCode == 0, $"promtool check rules exited {exitCode}:\n{output}");
        Assert.Contains($"SUCCESS: {MonitoringQueries.Alerts().Count} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public void PromtoolTestRules_UnitTests_Pass()
    {
        var (exitCode, output) = Promtool.Run("test", "rules", MonitoringQueries.TestFile);

        Assert.True(exitCode == 0, $"promtool test rules exited {exitCode}:\n{output}");
    }

    [Fact]
    public void UnitTests_EveryAlert_HasACaseWhereItFiresAndOneWhereItDoesNot()
    {
        var cases = ((YamlSequenceNode)MonitoringQueries.Load(MonitoringQueries.TestFile)["tests"]).Cast<YamlMappingNode>()
            .SelectMany(t => ((YamlSequenceNode)t["alert_rule_test"]).Cast<YamlMappingNode>())
            .Select(c => (Alert: c["alertname"].ToString(), Fires: c.Children.TryGetValue("exp_alerts", out var e) && ((YamlSequenceNode)e).Children.Count > 0))
            .ToList();

        Assert.All(MonitoringQueries.Alerts(), a =>
        {
            var name = a.Rule["alert"].ToString();
            Assert.True(cases.Any(c => c.Alert == name && c.Fires), $"{name}: no promtool case where it fires");
            Assert.True(cases.Any(c => c.Alert == name && !c.Fires), $"{name}: no promtool case where it must not fire");
        });
    }

    [Fact]
    public void PrometheusRule_Spec_HoldsTheSameGroupsAsTheRulesFile()
    {
        var manifest = MonitoringQueries.Load(MonitoringQueries.OperatorFile);

        Assert.Equal("monitoring.coreos.com/v1", manifest["apiVersion"].ToString());
        Assert.Equal("PrometheusRule", manifest["kind"].ToString());
        Assert.Equal(Canonical(MonitoringQueries.Load(MonitoringQueries.RulesFile)["groups"]), Canonical(((YamlMappingNode)manifest["spec"])["groups"]));
    }

    [Fact]
    public void EveryAlert_HasSeveritySummaryDescriptionAndARunbookSectionThatExists()
    {
        var runbooks = RepositoryRoot.ReadAllText("docs", "operations.md");
        var anchors = Regex.Matches(runbooks, @"^#{2,4} (.+)$", RegexOptions.Multiline).Select(m => Anchor(m.Groups[1].Value.Trim())).ToHashSet(StringComparer.Ordinal);

        var alerts = MonitoringQueries.Alerts();
        Assert.NotEmpty(alerts);
        Assert.All(alerts, a =>
        {
            var name = a.Rule["alert"].ToString();
            var annotations = (YamlMappingNode)a.Rule["annotations"];
            Assert.Contains(((YamlMappingNode)a.Rule["labels"])["severity"].ToString(), new[] { "warning", "critical" });
            Assert.False(string.IsNullOrWhiteSpace(annotations["summary"].ToString()), $"{name}: summary");
            Assert.False(string.IsNullOrWhiteSpace(annotations["description"].ToString()), $"{name}: description");
            var runbook = annotations["runbook_url"].ToString();
            Assert.Equal($"docs/operations.md#{name.ToLowerInvariant()}", runbook);
            Assert.True(anchors.Contains(name.ToLowerInvariant()), $"{name}: docs/operations.md has no section \"{name}\"");
        });
    }

    // The anchor a Markdown renderer gives a heading: lower case, punctuation dropped, spaces as dashes.
    private static string Anchor(string heading) =>
        Regex.Replace(heading.ToLowerInvariant(), @"[^a-z0-9 _-]", "").Replace(' ', '-');

    // Structure and values, not layout: key order kept, since the manifest is made by copying.
    private static string Canonical(YamlNode node) => node switch
    {
        YamlScalarNode scalar => System.Text.Json.JsonSerializer.Serialize(scalar.Value),
        YamlSequenceNode sequence => $"[{string.Join(",", sequence.Children.Select(Canonical))}]",
        YamlMappingNode mapping => $"{{{string.Join(",", mapping.Children.Select(c => $"{Canonical(c.Key)}:{Canonical(c.Value)}"))}}}",
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
    };
}
