using StatusStream.Health;
using StatusStream.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace StatusStream.Tests.Deploy;

/// <summary>The Deployment's probes ask the endpoints the app serves, on the port the ConfigMap makes it listen on.</summary>
public sealed class KubernetesProbeTests
{
    [Fact]
    public void Probes_UseHealthzAndReadyz_OnTheListenerPort()
    {
        var container = Container();
        var port = (YamlMappingNode)Assert.Single((YamlSequenceNode)container["ports"]);
        var listenPort = new Uri(ConfigMapValue("STATUSSTREAM_Http__Urls")).Port;

        Assert.Equal(listenPort.ToString(System.Globalization.CultureInfo.InvariantCulture), port["containerPort"].ToString());
        Assert.Equal(HealthRoutes.LivePath, Probe(container, "livenessProbe")["path"].ToString());
        Assert.Equal(HealthRoutes.LivePath, Probe(container, "startupProbe")["path"].ToString());
        Assert.Equal(HealthRoutes.ReadyPath, Probe(container, "readinessProbe")["path"].ToString());
        Assert.All(new[] { "livenessProbe", "startupProbe", "readinessProbe" }, p => Assert.Equal(port["name"].ToString(), Probe(container, p)["port"].ToString()));
    }

    private static YamlMappingNode Probe(YamlMappingNode container, string name) => (YamlMappingNode)((YamlMappingNode)container[name])["httpGet"];

    private static YamlMappingNode Load(string file)
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(RepositoryRoot.ReadAllText("deploy", "kubernetes", file));
        yaml.Load(reader);
        return (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
    }

    private static YamlMappingNode Container()
    {
        var spec = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)Load("deployment.yaml")["spec"])["template"])["spec"];
        return (YamlMappingNode)Assert.Single((YamlSequenceNode)spec["containers"]);
    }

    private static string ConfigMapValue(string key) => ((YamlMappingNode)Load("configmap.yaml")["data"])[key].ToString();
}
