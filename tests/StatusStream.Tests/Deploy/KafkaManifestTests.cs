using System.Reflection;
using StatusStream.Kafka;
using StatusStream.Pipeline;
using StatusStream.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace StatusStream.Tests.Deploy;

/// <summary>
/// Every topic and consumer group the code uses has a CityOsKafka manifest in deploy/kafka with the
/// ACLs StatusStream needs (City OS's shape: &lt;namespace&gt;.&lt;name&gt;). The topics are read from the
/// code: every *Topic / *Topics setting of every options class with a SectionName (Kafka:RetryTopic,
/// Subscriptions:Topic, ...), as deploy/kubernetes/configmap.yaml sets it (else its default), so a
/// topic added to the code without a manifest fails here.
/// </summary>
public sealed class KafkaManifestTests
{
    private const string Principal = "User:CN=statusstream,OU=CityOS";

    [Fact]
    public void EveryManifest_ParsesAsCityOsKafka_WithNamespaceTopicsAndAcls()
    {
        var manifests = Manifests();

        Assert.NotEmpty(manifests);
        Assert.All(manifests, m =>
        {
            Assert.Equal("CityOsKafka", m.Root["kind"].ToString());
            Assert.False(string.IsNullOrEmpty(m.Namespace), $"{m.File}: metadata.namespace");
            Assert.NotEmpty(m.Topics);
            Assert.All(m.Topics, t => Assert.True(t.Partitions > 0, $"{m.File}: {t.Name} has no partitions"));
            Assert.NotEmpty(m.Acls);
        });
    }

    [Fact]
    public void EveryTopicTheCodeUses_HasAManifestAndTheAclsStatusStreamNeeds()
    {
        var kafka = DeployedKafkaOptions();
        var topics = TopicSettings().ToList();
        var manifests = Manifests();

        Assert.Contains(topics, t => t.Topic == kafka.RetryTopic);
        Assert.Contains(topics, t => t.Setting == "Subscriptions:Topic");
        Assert.All(topics, setting =>
        {
            var owner = manifests.SingleOrDefault(m => m.Topics.Any(t => m.FullName(t.Name) == setting.Topic));
            Assert.True(owner is not null, $"topic {setting.Topic} ({setting.Setting}) has no CityOsKafka manifest in deploy/kafka");
            var short_ = setting.Topic[(owner.Namespace.Length + 1)..];
            var needed = setting.Setting == $"Kafka:{nameof(KafkaOptions.InputTopics)}" ? new[] { "read" } : ["read", "write"];
            Assert.True(needed.All(op => owner.Allows("topic", short_, op)),
                $"{owner.File}: {Principal} needs {string.Join(", ", needed)} on topic {setting.Topic}");
        });
    }

    [Fact]
    public void ConsumerGroups_InputAndRetry_HaveReadAcls()
    {
        var kafka = DeployedKafkaOptions();
        var manifests = Manifests();

        Assert.All(new[] { kafka.GroupId, RetryConsumerService.RetryGroupId(kafka) }, group =>
            Assert.True(manifests.Any(m => group.StartsWith(m.Namespace + ".", StringComparison.Ordinal)
                    && m.Allows("group", group[(m.Namespace.Length + 1)..], "read")),
                $"consumer group {group} has no read ACL for {Principal} in deploy/kafka"));
    }

    [Fact]
    public void SampleCallbackTopic_GrantsStatusStreamWrite()
    {
        var callback = Manifests().Single(m => m.Topics.Any(t => t.Name.EndsWith("-callback", StringComparison.Ordinal)));
        var topic = callback.Topics.Single().Name;

        Assert.True(callback.Allows("topic", topic, "write"), $"{callback.File}: StatusStream must be allowed to write {callback.FullName(topic)}");
    }

    /// <summary>Kafka options as the Kubernetes ConfigMap sets them, else the code's defaults.</summary>
    private static KafkaOptions DeployedKafkaOptions() => (KafkaOptions)Deployed(typeof(KafkaOptions), KafkaOptions.SectionName);

    private static object Deployed(Type optionsType, string section)
    {
        var yaml = new YamlStream();
        using (var reader = new StringReader(RepositoryRoot.ReadAllText("deploy", "kubernetes", "configmap.yaml")))
        {
            yaml.Load(reader);
        }

        var data = (YamlMappingNode)((YamlMappingNode)yaml.Documents.Single().RootNode)["data"];
        var options = Activator.CreateInstance(optionsType)!;
        foreach (var property in optionsType.GetProperties().Where(p => p.PropertyType == typeof(string) && p.CanWrite))
        {
            if (data.Children.TryGetValue(new YamlScalarNode($"STATUSSTREAM_{section}__{property.Name}"), out var value))
            {
                property.SetValue(options, value.ToString());
            }
        }

        return options;
    }

    /// <summary>("Section:Property", topic) for every topic setting of every options class of the app.</summary>
    private static IEnumerable<(string Setting, string Topic)> TopicSettings() =>
        typeof(KafkaOptions).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null
                && t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true })
            .SelectMany(type =>
            {
                var section = (string)type.GetField("SectionName")!.GetRawConstantValue()!;
                var options = Deployed(type, section);
                return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.PropertyType == typeof(string) && (p.Name.EndsWith("Topic", StringComparison.Ordinal) || p.Name.EndsWith("Topics", StringComparison.Ordinal)))
                    .SelectMany(p => ((string?)p.GetValue(options) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(topic => ($"{section}:{p.Name}", topic)));
            });

    private static List<Manifest> Manifests() =>
        Directory.GetFiles(RepositoryRoot.PathOf("deploy/kafka"), "*.yaml").Order(StringComparer.Ordinal).SelectMany(file =>
        {
            var yaml = new YamlStream();
            using var reader = new StringReader(File.ReadAllText(file));
            yaml.Load(reader);
            return yaml.Documents.Select(d => new Manifest(Path.GetFileName(file), (YamlMappingNode)d.RootNode));
        }).ToList();

    private sealed record Topic(string Name, int Partitions);

    private sealed record Manifest(string File, YamlMappingNode Root)
    {
        public string Namespace => ((YamlMappingNode)Root["metadata"])["namespace"].ToString();

        public IReadOnlyList<Topic> Topics => ((YamlSequenceNode)Spec["topics"]).Cast<YamlMappingNode>()
            .Select(t => new Topic(t["name"].ToString(), int.Parse(t["partitions"].ToString(), System.Globalization.CultureInfo.InvariantCulture))).ToList();

        public IReadOnlyList<YamlMappingNode> Acls => Spec.Children.TryGetValue(new YamlScalarNode("acls"), out var acls)
            ? ((YamlSequenceNode)acls).Cast<YamlMappingNode>().ToList()
            : [];

        private YamlMappingNode Spec => (YamlMappingNode)Root["spec"];

        public string FullName(string name) => $"{Namespace}.{name}";

        /// <summary>An allow policy for StatusStream's principal with this operation on this resource (literal name).</summary>
        public bool Allows(string resourceType, string resourceName, string operation) =>
            Acls.Where(acl => ((YamlMappingNode)acl["resource"]) is var r && r["resourceType"].ToString() == resourceType && r["resourceName"].ToString() == resourceName)
                .SelectMany(acl => ((YamlSequenceNode)acl["policies"]).Cast<YamlMappingNode>())
                .Any(policy => policy["permission"].ToString() == "allow"
                    && ((YamlSequenceNode)policy["principal"]).Any(p => p.ToString() == Principal)
                    && ((YamlSequenceNode)policy["operation"]).Any(o => o.ToString() == operation));
    }
}
