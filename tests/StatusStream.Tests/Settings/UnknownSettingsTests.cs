using Microsoft.Extensions.Configuration;
using StatusStream.Delivery.Webhooks;
using StatusStream.Kafka;
using StatusStream.Pipeline;
using StatusStream.Retry;
using StatusStream.Settings;

namespace StatusStream.Tests.Settings;

public sealed class UnknownSettingsTests
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<Type>> Sections = new Dictionary<string, IReadOnlyList<Type>>(StringComparer.OrdinalIgnoreCase)
    {
        [KafkaOptions.SectionName] = [typeof(KafkaOptions)],
        [PipelineOptions.SectionName] = [typeof(PipelineOptions)],
        [RetryOptions.SectionName] = [typeof(RetryOptions)],
    };

    private static IReadOnlyList<string> Find(Dictionary<string, string?> settings) =>
        UnknownSettings.Find(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), Sections);

    [Fact]
    public void Find_KnownKeysLoggingAndBareValues_NothingReported()
    {
        var problems = Find(new()
        {
            ["Kafka:BootstrapServers"] = "h:1",
            ["kafka:groupid"] = "case does not matter",
            ["Kafka:ClientProperties:socket.keepalive.enable"] = "true",
            ["Pipeline:MaxInFlightStatuses"] = "5",
            ["Retry:Routes:osp.*:MaxRetries"] = "3",
            ["Retry:Routes:partner:Target"] = "https://partner.example/*",
            ["Logging:LogLevel:Anything.At.All"] = "Debug",
            ["ENVIRONMENT"] = "Production",
        });
        Assert.Empty(problems);
    }

    [Fact]
    public void Find_MisspelledSection_NamesItSourceAndTheNearestSection()
    {
        var problem = Assert.Single(Find(new() { ["Pipline:MaxInFlightStatuses"] = "5" }));
        Assert.StartsWith("unknown section 'Pipline' (Pipline:MaxInFlightStatuses, from the command line). Did you mean 'Pipeline'?", problem, StringComparison.Ordinal);
        Assert.Contains("Known sections: Kafka, Logging, Pipeline, Retry.", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_TypoInsideRetryRoute_NamesTheFullKey()
    {
        var problem = Assert.Single(Find(new() { ["Retry:Routes:osp.*:MaxRetrys"] = "3" }));
        Assert.Equal("unknown setting Retry:Routes:osp.*:MaxRetrys (from the command line). Did you mean 'MaxRetries'?", problem);
    }

    [Fact]
    public void Find_KeyUnderAValue_IsReported()
    {
        var problem = Assert.Single(Find(new() { ["Kafka:GroupId:extra"] = "x" }));
        Assert.Contains("unknown setting Kafka:GroupId:extra", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_ComputedPropertyIsNoSetting()
    {
        var problem = Assert.Single(Find(new() { ["Kafka:InputTopicList:0"] = "x" }));
        Assert.Contains("unknown setting Kafka:InputTopicList", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_EndpointCredentialUnderAComputedGroup_IsReported_ItWouldBeDroppedUnread()
    {
        // The binder fills a get-only object in place: a Credentials group here was silently lost.
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Webhooks:Endpoints:osp:Url"] = "https://osp.example.org/callbacks",
            ["Webhooks:Endpoints:osp:AccessKey"] = "accepted where it is read",
            ["Webhooks:Endpoints:osp:Credentials:AccessKey"] = "would be dropped",
        }).Build();
        var webhooks = new Dictionary<string, IReadOnlyList<Type>>(StringComparer.OrdinalIgnoreCase) { [WebhookOptions.SectionName] = [typeof(WebhookOptions)] };

        var problem = Assert.Single(UnknownSettings.Find(settings, webhooks));
        Assert.Contains("unknown setting Webhooks:Endpoints:osp:Credentials", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("dropped", problem, StringComparison.Ordinal);
    }

    // The environment-variable source is tested with a child process (Cli/StatusStreamCommandTests):
    // setting a STATUSSTREAM_ variable here would fail every host that other tests start meanwhile.

    [Fact]
    public void Find_MisspelledKeyInAppsettings_NamesTheFile()
    {
        var directory = Directory.CreateTempSubdirectory("statusstream-settings-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "appsettings.json"), """{ "Pipeline": { "MaxInFlightStatus": 5 } }""");
            var configuration = new ConfigurationBuilder().SetBasePath(directory.FullName).AddJsonFile("appsettings.json").Build();
            var problem = Assert.Single(UnknownSettings.Find(configuration, Sections));
            Assert.Equal("unknown setting Pipeline:MaxInFlightStatus (from appsettings.json). Did you mean 'MaxInFlightStatuses'?", problem);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
