using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using StatusStream.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace StatusStream.Tests.Deploy;

/// <summary>
/// No Docker engine runs where this is built, so the image is checked by reading it: the
/// Dockerfile's stages, user, stop signal and entry point are what docs/container-image.md says, the Kubernetes
/// Deployment runs that image locked down, and the build stage gets every file it copies.
/// </summary>
public sealed class DockerfileTests
{
    private const string EntryPointDll = "/app/StatusStream.dll";

    private static readonly Lazy<ParsedDockerfile> Dockerfile = new(() => ParsedDockerfile.Parse(RepositoryRoot.ReadAllText("Dockerfile")));

    [Fact]
    public void Stages_SdkStagePublishesTheApp_RuntimeStageOnlyCopiesItsOutput()
    {
        var stages = Dockerfile.Value.Stages;

        Assert.Equal(2, stages.Count);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/sdk:10\.0", ParsedDockerfile.ImageOf(stages[0]));
        Assert.Equal("build", ParsedDockerfile.NameOf(stages[0]));
        var publish = Assert.Single(Dockerfile.Value.InStage(0), i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains("dotnet publish src/StatusStream/StatusStream.csproj -c Release", publish.Arguments, StringComparison.Ordinal);
        Assert.Contains("-o /app", publish.Arguments, StringComparison.Ordinal);

        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/(aspnet|runtime):10\.0$", ParsedDockerfile.ImageOf(stages[1]));
        var runtime = Dockerfile.Value.InStage(Dockerfile.Value.FinalStage);
        Assert.Equal(["FROM", "WORKDIR", "COPY", "USER", "ENV", "STOPSIGNAL", "ENTRYPOINT"], runtime.Select(i => i.Keyword));
        Assert.Equal("--from=build /app ./", Dockerfile.Value.Single(Dockerfile.Value.FinalStage, "COPY").Arguments);
        Assert.Equal("/app", Dockerfile.Value.Single(Dockerfile.Value.FinalStage, "WORKDIR").Arguments);
    }

    [Fact]
    public void RuntimeStage_ShipsTheGen0Budget_TheLauncherToo()
    {
        // The budget that keeps statuses in flight from being promoted (docs/performance.md, "CPU per status"): the
        // runtime reads it only from the environment, so the image and ./statusstream each set it, to the same value.
        const string Budget = "DOTNET_GCgen0size=0x4000000";
        Assert.Equal(Budget, Dockerfile.Value.Single(Dockerfile.Value.FinalStage, "ENV").Arguments);
        Assert.Contains("export DOTNET_GCgen0size=\"${DOTNET_GCgen0size:-0x4000000}\"", RepositoryRoot.ReadAllText("statusstream"), StringComparison.Ordinal);
    }

    [Fact]
    public void BuildStage_RestoresAndPublishesReadyToRun()
    {
        // Precompiled code starts with about 30% less CPU (docs/performance.md, "Cold start"); the publish runs with
        // --no-restore, so the restore must fetch the ReadyToRun compiler too or the publish fails.
        var build = Dockerfile.Value.InStage(0).Where(i => i.Keyword == "RUN").ToList();
        Assert.Contains("-p:PublishReadyToRun=true", Assert.Single(build, i => i.Arguments.Contains("dotnet restore", StringComparison.Ordinal)).Arguments,
            StringComparison.Ordinal);
        Assert.Contains("-p:PublishReadyToRun=true", Assert.Single(build, i => i.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).Arguments,
            StringComparison.Ordinal);
    }

    [Fact]
    public void RuntimeStage_NumericNonRootUser_StopSignalSigterm_EntryPointRunsTheApp()
    {
        var last = Dockerfile.Value.FinalStage;

        Assert.NotEqual(0, DockerfileUserId());
        Assert.Equal("SIGTERM", Dockerfile.Value.Single(last, "STOPSIGNAL").Arguments);
        // Exec form: dotnet is PID 1 and gets SIGTERM itself (a shell form would swallow it).
        Assert.Equal(["dotnet", EntryPointDll, "run"], ParsedDockerfile.ExecForm(Dockerfile.Value.Single(last, "ENTRYPOINT")));
        Assert.DoesNotContain(Dockerfile.Value.InStage(last), i => i.Keyword is "CMD" or "RUN" or "VOLUME");
        // The dll the entry point names is the app the build stage publishes.
        Assert.Equal(Path.GetFileName(AppProcess.AppPath), Path.GetFileName(EntryPointDll));
    }

    [Fact]
    public void ContainerImagePage_QuotesTheDockerfilesStagesUserStopSignalAndEntryPoint()
    {
        var section = RepositoryRoot.ReadAllText("docs", "container-image.md");
        var quoted = section.Split('\n').Select(l => l.Trim()).ToHashSet();

        var key = Dockerfile.Value.Instructions.Where(i => i.Keyword is "FROM" or "USER" or "STOPSIGNAL" or "ENTRYPOINT").ToList();
        Assert.Equal(5, key.Count);
        Assert.All(key, i => Assert.Contains(i.Line, quoted));
        Assert.Contains($"docker build -t {DeploymentContainer()["image"]} .", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Deployment_RunsTheImageNonRootOnAReadOnlyRootFileSystem()
    {
        var pod = PodSpec();
        var container = DeploymentContainer();

        Assert.Equal($"{DockerfileUserId()}", Scalar(pod, "securityContext", "runAsUser"));
        Assert.Equal("true", Scalar(pod, "securityContext", "runAsNonRoot"));
        Assert.Equal("true", Scalar(container, "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("false", Scalar(container, "securityContext", "allowPrivilegeEscalation"));
        // The image's entry point already says "run"; args or a command here would repeat or replace it.
        Assert.False(container.Children.ContainsKey("args"), "args in the Deployment would be appended to \"run\"");
        Assert.False(container.Children.ContainsKey("command"), "command in the Deployment would replace the image's entry point");
        var mounts = ((YamlSequenceNode)container["volumeMounts"]).Cast<YamlMappingNode>().Select(m => m["mountPath"].ToString());
        Assert.Equal(["/tmp"], mounts);
    }

    [Fact]
    public void Deployment_GracePeriodOutlastsTheDrainTimeoutAndTheHostMargin()
    {
        var grace = int.Parse(Scalar(PodSpec(), "terminationGracePeriodSeconds"), CultureInfo.InvariantCulture);
        using var settings = JsonDocument.Parse(RepositoryRoot.ReadAllText("src", "StatusStream", "appsettings.json"));
        var drain = settings.RootElement.GetProperty("Pipeline").GetProperty("ShutdownTimeoutSeconds").GetInt32();
        var configured = ConfigMapValue("STATUSSTREAM_Pipeline__ShutdownTimeoutSeconds");
        if (configured is not null)
        {
            drain = int.Parse(configured, CultureInfo.InvariantCulture);
        }

        // StatusStreamHost gives the host drain + 10 s; Kubernetes must not SIGKILL before that.
        Assert.True(grace > drain + 10, $"terminationGracePeriodSeconds {grace} <= drain {drain} s + 10 s");
    }

    [Fact]
    public void RuntimeImage_ProvidesEveryFrameworkTheAppIsBuiltFor()
    {
        var image = ParsedDockerfile.ImageOf(Dockerfile.Value.Stages[^1]);
        string[] provided = image.Contains("/aspnet:", StringComparison.Ordinal)
            ? ["Microsoft.NETCore.App", "Microsoft.AspNetCore.App"]
            : ["Microsoft.NETCore.App"];
        using var runtimeConfig = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(AppProcess.AppPath, ".runtimeconfig.json")));
        var options = runtimeConfig.RootElement.GetProperty("runtimeOptions");
        var needed = options.TryGetProperty("frameworks", out var frameworks)
            ? frameworks.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList()
            : [options.GetProperty("framework").GetProperty("name").GetString()!];

        Assert.Subset(provided.ToHashSet(), needed.ToHashSet());
    }

    [Fact]
    public void PublishedApp_CarriesTheNativeLibrdkafkaForLinuxX64()
    {
        // The build stage publishes for linux (x64 here); the official librdkafka.redist must put
        // its native client beside the app, as it does in this build's output.
        var output = Path.GetDirectoryName(AppProcess.AppPath)!;
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "StatusStream.deps.json")));
        var target = deps.RootElement.GetProperty("targets").EnumerateObject().Single(t => t.Name.EndsWith("/linux-x64", StringComparison.Ordinal)).Value;
        var redist = target.EnumerateObject().Single(p => p.Name.StartsWith("librdkafka.redist/", StringComparison.Ordinal)).Value;
        var natives = redist.GetProperty("native").EnumerateObject().Select(n => Path.GetFileName(n.Name)).ToList();

        Assert.Contains("librdkafka.so", natives);
        Assert.Contains("centos8-librdkafka.so", natives);
        Assert.All(natives, n => Assert.True(File.Exists(Path.Combine(output, n)), $"{n} is not in {output}"));
    }

    [Fact]
    public void DockerIgnore_KeepsEveryPathTheBuildStageCopies()
    {
        var patterns = RepositoryRoot.ReadAllText(".dockerignore").Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(IgnorePattern).ToList();
        var sources = Dockerfile.Value.InStage(0).Where(i => i.Keyword == "COPY" && !i.Arguments.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(i => i.Arguments.Split(' ')[..^1]).ToList();

        Assert.Contains("src/", sources);
        Assert.Contains("schemas/", sources);
        Assert.All(sources, source =>
        {
            Assert.True(File.Exists(RepositoryRoot.PathOf(source)) || Directory.Exists(RepositoryRoot.PathOf(source)), $"{source} is not in the repository");
            Assert.DoesNotContain(patterns, p => p.IsMatch(source.TrimEnd('/')));
        });
        // Build output of this machine must not leak into the image's build.
        Assert.Contains(patterns, p => p.IsMatch("src/StatusStream/bin"));
        Assert.Contains(patterns, p => p.IsMatch("src/StatusStream/obj"));
    }

    private static int DockerfileUserId()
    {
        var user = Dockerfile.Value.Single(Dockerfile.Value.FinalStage, "USER").Arguments;
        // Numeric: Kubernetes can only verify runAsNonRoot against a number, not a user name.
        Assert.Matches(@"^\d+(:\d+)?$", user);
        return int.Parse(user.Split(':')[0], CultureInfo.InvariantCulture);
    }

    private static YamlMappingNode Manifest(string file)
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(RepositoryRoot.ReadAllText("deploy", "kubernetes", file));
        yaml.Load(reader);
        return (YamlMappingNode)Assert.Single(yaml.Documents).RootNode;
    }

    private static YamlMappingNode PodSpec() => (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)Manifest("deployment.yaml")["spec"])["template"])["spec"];

    private static YamlMappingNode DeploymentContainer() => (YamlMappingNode)Assert.Single((YamlSequenceNode)PodSpec()["containers"]);

    private static string? ConfigMapValue(string key) =>
        ((YamlMappingNode)Manifest("configmap.yaml")["data"]).Children.TryGetValue(key, out var value) ? value.ToString() : null;

    private static string Scalar(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            var mapping = Assert.IsType<YamlMappingNode>(current);
            Assert.True(mapping.Children.ContainsKey(key), $"no '{key}' in {string.Join('.', path)}");
            current = mapping[key];
        }

        return Assert.IsType<YamlScalarNode>(current).Value!;
    }

    /// <summary>A .dockerignore line as the builder matches it against a path: * within a segment, ** across segments.</summary>
    private static Regex IgnorePattern(string pattern)
    {
        var body = Regex.Escape(pattern.TrimStart('/').TrimEnd('/'))
            .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal);
        return new Regex($"^{body}(/.*)?$", RegexOptions.CultureInvariant);
    }
}
