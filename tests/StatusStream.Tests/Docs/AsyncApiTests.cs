using System.Reflection;
using System.Text.RegularExpressions;
using StatusStream.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace StatusStream.Tests.Docs;

/// <summary>
/// docs/asyncapi.yaml, the topics in AsyncAPI 3.0: valid for the reference parser (npm @asyncapi/parser, which also
/// resolves its $refs to schemas/), and in step with the code: every header name the code writes on a Kafka record and
/// every topic setting, with its default as a channel's address.
/// </summary>
public sealed partial class AsyncApiTests
{
    private const string Document = "docs/asyncapi.yaml";

    [Fact]
    public void Parser_Document_IsValidAsyncApi3()
    {
        var (exitCode, output) = ContractParsers.Run("validate-asyncapi.mjs", Document);

        Assert.True(exitCode == 0, $"@asyncapi/parser found errors in {Document}:\n{output}");
        Assert.Contains("VALID: AsyncAPI 3.0.0", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Parser_DocumentWithABrokenSchemaReference_IsInvalid()
    {
        var broken = Path.Combine("tools", "contracts", $"broken-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(RepositoryRoot.PathOf(broken), RepositoryRoot.ReadAllText(Document)
            .Replace("../schemas/notification-event.schema.json", "../schemas/no-such.schema.json", StringComparison.Ordinal));
        try
        {
            var (exitCode, output) = ContractParsers.Run("validate-asyncapi.mjs", broken);

            Assert.True(exitCode != 0, output);
            Assert.Contains("no-such.schema.json", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(RepositoryRoot.PathOf(broken));
        }
    }

    [Fact]
    public void Document_EveryRecordHeaderTheCodeWrites_IsNamed()
    {
        var text = RepositoryRoot.ReadAllText(Document);
        var headers = RecordHeaderNames();

        var missing = headers.Where(h => !Regex.IsMatch(text, $@"(?<![\w.-]){Regex.Escape(h)}(?![\w.-])")).ToList();

        Assert.True(headers.Count >= 40, $"only {headers.Count} header names found: are the header classes still named *Header or *Headers?");
        Assert.True(missing.Count == 0, $"header names (and values) the code writes on Kafka records but {Document} does not name:\n{string.Join("\n", missing)}");
    }

    [Fact]
    public void Document_EveryTopicSetting_IsNamedAndItsDefaultIsAChannelAddress()
    {
        var text = RepositoryRoot.ReadAllText(Document);
        var addresses = ChannelAddresses();
        var settings = TopicSettings();

        Assert.True(settings.Count >= 5, $"only {settings.Count} topic settings found");
        Assert.All(settings, s =>
        {
            Assert.True(text.Contains($"`{s.Name}`", StringComparison.Ordinal), $"{Document} does not name the setting {s.Name}");
            Assert.True(s.Default.Split(',').All(addresses.Contains), $"{s.Name}'s default '{s.Default}' is no channel address of {Document}");
        });
    }

    [Fact]
    public void Document_CallbackChannel_IsParameterisedAndCarriesTheStatusSchema()
    {
        var channel = Channel("callback");

        Assert.Equal("{namespace}.{service}-callback", ((YamlScalarNode)channel["address"]).Value);
        Assert.Equal(["namespace", "service"], ((YamlMappingNode)channel["parameters"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value));
        Assert.Contains("'../schemas/notification-status.schema.json'", RepositoryRoot.ReadAllText(Document), StringComparison.Ordinal);
        Assert.Contains("'../schemas/notification-event.schema.json'", RepositoryRoot.ReadAllText(Document), StringComparison.Ordinal);
        Assert.Contains("'../schemas/inbound-message.schema.json'", RepositoryRoot.ReadAllText(Document), StringComparison.Ordinal);
    }

    /// <summary>
    /// The const strings of every header class (a type named *Header or *Headers, wherever it lives) outside the webhook
    /// transport, whose headers are HTTP ones: header names and the fixed values they carry.
    /// </summary>
    private static IReadOnlyList<string> RecordHeaderNames() =>
        [.. typeof(StatusStream.Kafka.KafkaOptions).Assembly.GetTypes()
            .Where(t => (t.Name.EndsWith("Headers", StringComparison.Ordinal) || t.Name.EndsWith("Header", StringComparison.Ordinal))
                && !(t.Namespace ?? "").Contains(".Webhooks", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(v => HeaderToken().IsMatch(v))
            .Distinct()
            .Order(StringComparer.Ordinal)];

    /// <summary>Every string setting named *Topic* or *Service of the options classes (SectionName types), with its default.</summary>
    private static IReadOnlyList<(string Name, string Default)> TopicSettings() =>
        [.. typeof(StatusStream.Kafka.KafkaOptions).Assembly.GetTypes()
            .Select(t => (Type: t, Section: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(t => t.Section is { IsLiteral: true } && t.Type.IsClass && !t.Type.IsAbstract)
            .SelectMany(t => t.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.PropertyType == typeof(string) && p.SetMethod is { IsPublic: true } && p.Name.Contains("Topic", StringComparison.Ordinal))
                .Select(p => ($"{t.Section!.GetRawConstantValue()}:{p.Name}", (string)p.GetValue(Activator.CreateInstance(t.Type, nonPublic: true))!)))];

    private static IReadOnlySet<string> ChannelAddresses() =>
        ((YamlMappingNode)Root()["channels"]).Children.Values
            .Select(c => ((YamlScalarNode)((YamlMappingNode)c)["address"]).Value!)
            .ToHashSet(StringComparer.Ordinal);

    private static YamlMappingNode Channel(string name) => (YamlMappingNode)((YamlMappingNode)Root()["channels"])[name];

    private static YamlMappingNode Root()
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(RepositoryRoot.ReadAllText(Document));
        yaml.Load(reader);
        return (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
    }

    [GeneratedRegex(@"^[a-z][a-z0-9.+/-]*$")]
    private static partial Regex HeaderToken();
}
