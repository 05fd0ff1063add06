using Confluent.Kafka;
using StatusStream.Cli;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Cli;

/// <summary>The app as a process: exit codes, configuration errors, the bootstrap line, SIGTERM, the demo.</summary>
public sealed class StatusStreamCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Run_BadSetting_ExitsTwoNamingTheSetting()
    {
        using var app = AppProcess.Start("run", "--bootstrap-servers", "127.0.0.1:9", "--set", "Pipeline:MaxInFlightStatuses=0");
        Assert.Equal(2, await app.WaitForExitAsync(Deadline));
        Assert.Contains("Pipeline:MaxInFlightStatuses", app.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NoBootstrapServers_ExitsTwoNamingTheSetting()
    {
        using var app = AppProcess.Start("run");
        Assert.Equal(2, await app.WaitForExitAsync(Deadline));
        Assert.Contains("Kafka:BootstrapServers is required", app.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnparsableSetting_ExitsTwoNamingTheSetting()
    {
        using var app = AppProcess.Start("run", "--bootstrap-servers", "127.0.0.1:9", "--set", "Pipeline:CommitIntervalSeconds=soon");
        Assert.Equal(2, await app.WaitForExitAsync(Deadline));
        Assert.Contains("Pipeline:CommitIntervalSeconds", app.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MisspelledSetting_ExitsTwoNamingSectionAndSetting()
    {
        using var app = AppProcess.Start("run", "--bootstrap-servers", "127.0.0.1:9", "--set", "Kafka:BootstrapServer=x");
        Assert.Equal(2, await app.WaitForExitAsync(Deadline));
        Assert.Contains("unknown setting Kafka:BootstrapServer (from the command line). Did you mean 'BootstrapServers'?", app.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", app.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunEmbedded_PrintsBootstrapAndStopsCleanlyOnSigterm()
    {
        using var app = AppProcess.Start("run", "--embedded", "--set", "Subscriptions:Topic=custom.subscriptions");
        var line = await app.WaitForOutputLineAsync("bootstrap: ", Deadline);
        Assert.Matches(@"^bootstrap: 127\.0\.0\.1:\d+$", line);
        var notice = Assert.Single(app.StandardOutput, l => l.StartsWith("embedded cluster: each partition keeps at most 5 MB", StringComparison.Ordinal));
        Assert.Contains($", custom.subscriptions have {EmbeddedClusterSetup.TopicPartitions} partitions each", notice, StringComparison.Ordinal);

        app.Terminate();
        Assert.Equal(0, await app.WaitForExitAsync(TimeSpan.FromSeconds(40)));
    }

    [Fact]
    public async Task RunEmbedded_HealthProbes_WriteNoLogLines()
    {
        var url = $"http://127.0.0.1:{LoopbackPort.Unused()}";
        using var app = AppProcess.Start("run", "--embedded", "--set", $"Http:Urls={url}");
        await app.WaitForOutputLineAsync("bootstrap: ", Deadline);
        using var client = new HttpClient();
        // A probe every few seconds per pod: ASP.NET Core's four Information lines a request (with the query) would bury the app's own.
        bool Answers(string path) =>
            Probe(client, $"{url}{path}?probe=kubelet-secret") is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.ServiceUnavailable;

        await Poll.UntilAsync(() => Answers("/healthz"), Deadline, () => "/healthz never answered");
        Assert.True(Answers("/readyz"));

        app.Terminate();
        Assert.Equal(0, await app.WaitForExitAsync(TimeSpan.FromSeconds(40)));
        Assert.DoesNotContain("Microsoft.AspNetCore", app.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("kubelet-secret", app.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NotReady_EachFailingReadinessProbe_WritesNoLogLine()
    {
        // No broker at all: /readyz fails on every probe, as it does for an idle replica, every 10 s in deployment.yaml.
        var url = $"http://127.0.0.1:{LoopbackPort.Unused()}";
        using var app = AppProcess.Start("run", "--bootstrap-servers", $"127.0.0.1:{LoopbackPort.Unused()}", "--set", "Kafka:StartupTimeoutSeconds=0",
            "--set", $"Http:Urls={url}");
        using var client = new HttpClient();
        var failed = 0;
        await Poll.UntilAsync(() =>
        {
            failed += Probe(client, $"{url}/readyz") == System.Net.HttpStatusCode.ServiceUnavailable ? 1 : 0;
            return failed >= 3;
        }, Deadline, () => $"{failed} failing probes");

        app.Terminate();
        Assert.Equal(0, await app.WaitForExitAsync(TimeSpan.FromSeconds(40)));
        // The app's own lines say the broker is missing (throttled); the health check service's per-probe error does not appear.
        Assert.DoesNotContain("Microsoft.Extensions.Diagnostics.HealthChecks", app.StandardError, StringComparison.Ordinal);
        Assert.Contains("No Kafka broker answers", app.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broker_ServesClientsAndKeepsData_StopsCleanlyOnSigterm()
    {
        using var broker = AppProcess.Start("broker", "--topic", "city.parking-callback:2", "--topic", "statusstream.retry:1");
        var bootstrap = (await broker.WaitForOutputLineAsync("bootstrap: ", Deadline))["bootstrap: ".Length..];
        // The notice says what was made, a project topic's --topic count included.
        var notice = Assert.Single(broker.StandardOutput, l => l.StartsWith("embedded cluster: ", StringComparison.Ordinal));
        Assert.Contains($"statusstream.dlq, statusstream.operations, statusstream.subscriptions have {EmbeddedClusterSetup.TopicPartitions} partitions each", notice, StringComparison.Ordinal);
        Assert.Contains("; city.parking-callback has 2 partitions (about 10 MB per topic); statusstream.retry has 1 partition (about 5 MB per topic);",
            notice, StringComparison.Ordinal);
        using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = bootstrap }).Build())
        {
            var report = await producer.ProduceAsync("city.parking-callback", new Message<byte[], byte[]> { Value = "kept"u8.ToArray() });
            Assert.Equal(PersistenceStatus.Persisted, report.Status);
        }

        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build())
        {
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
            Assert.Equal(2, metadata.Topics.Single(t => t.Topic == "city.parking-callback").Partitions.Count);
            Assert.Equal(EmbeddedClusterSetup.TopicPartitions, metadata.Topics.Single(t => t.Topic == "statusstream.dlq").Partitions.Count);
            Assert.Equal(EmbeddedClusterSetup.TopicPartitions, metadata.Topics.Single(t => t.Topic == "notification.events").Partitions.Count);
        }

        Assert.Single(broker.StandardOutput, l => l.StartsWith("embedded cluster: each partition keeps at most 5 MB", StringComparison.Ordinal));
        broker.Terminate();
        Assert.Equal(0, await broker.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Broker_Port_RestartedBrokerHasTheSameAddressAndIsEmpty()
    {
        var port = LoopbackPort.Unused();
        for (var start = 0; start < 2; start++)
        {
            using var broker = AppProcess.Start("broker", "--port", $"{port}");
            Assert.Equal($"bootstrap: 127.0.0.1:{port}", await broker.WaitForOutputLineAsync("bootstrap: ", Deadline));
            using (var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = $"127.0.0.1:{port}" }).Build())
            {
                var report = await producer.ProduceAsync(new TopicPartition("city.parking-callback", 0), new Message<byte[], byte[]> { Value = "kept"u8.ToArray() });
                // Offset 0 both times: the second broker did not keep the first one's record.
                Assert.Equal(0, report.Offset.Value);
            }

            broker.Terminate();
            Assert.Equal(0, await broker.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }
    }

    [Fact]
    public async Task Broker_PortTaken_ExitsTwoWithOneLine()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        using var broker = AppProcess.Start("broker", "--port", $"{port}");

        AssertOneLineUsageError(await broker.WaitForExitAsync(Deadline), broker, $"statusstream: --port {port}: cannot listen on 127.0.0.1 port {port}");
    }

    [Fact]
    public async Task Demo_PrintsCallbacksAndDeadLetters_ExitsZero()
    {
        using var app = AppProcess.Start("demo");
        Assert.Equal(0, await app.WaitForExitAsync(Deadline));

        var output = app.StandardOutput;
        Assert.Equal(3, output.Count(l => l.TrimStart().StartsWith("city.parking-callback", StringComparison.Ordinal) && l.Contains(" event ", StringComparison.Ordinal)));
        // GOV.UK Notify: a received text message on the same callback topic, and one by webhook, both in GOV.UK Notify's format.
        Assert.Single(output, l => l.TrimStart().StartsWith("city.parking-callback", StringComparison.Ordinal)
            && l.Contains("inbound message 7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d", StringComparison.Ordinal)
            && l.Contains("\"date_received\":\"2026-11-24T09:31:05.250000Z\"", StringComparison.Ordinal));
        Assert.Single(output, l => l.Contains("POST /notify/inbound -> 200", StringComparison.Ordinal));
        Assert.Contains(output, l => l.Contains("{\"id\":\"0a9b8c7d-6e5f-4d3c-9b2a-1f0e9d8c7b6a\",\"source_number\":\"447700900457\"", StringComparison.Ordinal));
        Assert.Single(output, l => l.TrimStart().StartsWith("parking.billing-callback", StringComparison.Ordinal));
        Assert.Contains(output, l => l.Contains("reason=not-json", StringComparison.Ordinal));
        Assert.Contains(output, l => l.Contains("reason=bad-callback-target", StringComparison.Ordinal));
        Assert.Contains(output, l => l.TrimStart().StartsWith("statusstream.retry", StringComparison.Ordinal)
            && l.Contains("parked for attempt 2", StringComparison.Ordinal) && l.Contains("TopicAuthorizationFailed", StringComparison.Ordinal));
        Assert.Contains("All expected callbacks (Kafka and webhook), the forwarded text messages, the retries and the dead letters arrived.", output);
        // The webhook half: a signed Notify-style receipt, and an OSP-style event answered 500 then 200.
        Assert.Single(output, l => l.Contains("POST /notify/receipts -> 200", StringComparison.Ordinal));
        Assert.Contains(output, l => l.Contains("webhook-signature: v1,", StringComparison.Ordinal));
        Assert.Single(output, l => l.Contains("POST /osp/events -> 500", StringComparison.Ordinal));
        Assert.Single(output, l => l.Contains("POST /osp/events -> 200", StringComparison.Ordinal));
        // adidas API guidelines: the subscription made through the API gets city/parking's four statuses as hal callbacks.
        Assert.Contains(output, l => l.TrimStart().StartsWith("201 application/hal+json", StringComparison.Ordinal));
        Assert.Equal(4, output.Count(l => l.Contains("POST /subscriber/parking -> 200", StringComparison.Ordinal)));
        Assert.DoesNotContain(output, l => l.Contains("demo-bearer-token", StringComparison.Ordinal) || l.Contains("demo-access-key", StringComparison.Ordinal));
        Assert.Matches(@"^Counters: [1-9]\d* records read, [1-9]\d* statuses delivered, [1-9]\d* text messages forwarded, [1-9]\d* retried, [1-9]\d* dead letters", output[^1]);
        var parked = output.ToList().FindIndex(l => l.TrimStart().StartsWith("statusstream.retry", StringComparison.Ordinal));
        var billing = output.ToList().FindIndex(l => l.TrimStart().StartsWith("parking.billing-callback", StringComparison.Ordinal));
        Assert.True(parked < billing, "the parked retry is shown before the delivery it led to");
    }

    [Theory]
    [InlineData("--set 'garbage' must have the form Section:Key=Value", "run", "--bootstrap-servers", "127.0.0.1:9", "--set", "garbage")]
    [InlineData("--set 'MaxInFlightStatuses=5' must have the form Section:Key=Value", "dlq", "list", "--set", "MaxInFlightStatuses=5")]
    [InlineData("--brokers must be between 1 and 16 (was 0)", "run", "--embedded", "--brokers", "0")]
    [InlineData("--brokers applies only with --embedded", "run", "--brokers", "3")]
    [InlineData("--interval must be more than 0 and at most 3600 (was 0)", "status", "--watch", "--interval", "0")]
    [InlineData("--soon must be from 0 to 86400 (was -1)", "status", "--soon", "-1")]
    [InlineData("--connect-timeout must be more than 0 and at most 3600 (was 0)", "status", "--connect-timeout", "0")]
    [InlineData("--connect-timeout must be more than 0 and at most 3600 (was 0)", "dlq", "replay", "--connect-timeout", "0")]
    [InlineData("--limit must be 0 or more (was -1)", "dlq", "list", "--limit", "-1")]
    [InlineData("--interval applies only with --watch", "status", "--interval", "5")]
    [InlineData("Telemetry:Prometheus is true, but Http:Urls is empty: /metrics is served on that listener",
        "run", "--bootstrap-servers", "127.0.0.1:9", "--set", "Telemetry:Prometheus=true")]
    [InlineData("--since 'yesterday' is neither an RFC 3339 time (2026-11-25T10:00:00Z) nor a duration", "dlq", "replay", "--since", "yesterday")]
    [InlineData("Cannot parse argument 'many' for option '--brokers'", "broker", "--brokers", "many")]
    [InlineData("--topic 'x:abc': the partition count after ':' must be a whole number", "broker", "--topic", "x:abc")]
    [InlineData("--topic 'bad topic': 'bad topic' is not a legal Kafka topic name", "broker", "--topic", "bad topic")]
    [InlineData("Unrecognized command or argument 'frobnicate'", "frobnicate")]
    [InlineData("Unrecognized command or argument '--embeded'", "run", "--embeded")]
    [InlineData("Kafka:ClientProperties:socket.keepalive.enabel: librdkafka has no property", "run", "--bootstrap-servers", "127.0.0.1:9",
        "--set", "Kafka:ClientProperties:socket.keepalive.enabel=true")]
    [InlineData("Kafka:ClientProperties:enable.auto.commit: StatusStream decides this one; StatusStream commits offsets itself",
        "run", "--bootstrap-servers", "127.0.0.1:9", "--set", "Kafka:ClientProperties:enable.auto.commit=true")]
    [InlineData("unknown section 'Pipline' (Pipline:MaxInFlightStatuses, from the command line). Did you mean 'Pipeline'?",
        "run", "--bootstrap-servers", "127.0.0.1:9", "--set", "Pipline:MaxInFlightStatuses=5")]
    [InlineData("unknown setting Retry:Routes:osp.*:MaxRetrys (from the command line). Did you mean 'MaxRetries'?",
        "run", "--bootstrap-servers", "127.0.0.1:9", "--set", "Retry:Routes:osp.*:MaxRetrys=3")]
    [InlineData("unknown section 'Pipline'", "dlq", "replay", "--bootstrap-servers", "127.0.0.1:9", "--set", "Pipline:MaxInFlightStatuses=5")]
    [InlineData("Retry:MaxRetries must be between 0 and 100 (was -1) (from the command line).",
        "run", "--bootstrap-servers", "127.0.0.1:9", "--set", "Retry:MaxRetries=-1")]
    [InlineData("Retry:MaxRetries: 'abc' is not a whole number (from the command line).",
        "run", "--bootstrap-servers", "127.0.0.1:9", "--set", "Retry:MaxRetries=abc")]
    [InlineData("Kafka:SecurityProtocol: 'Bogus' is not one of Plaintext, Ssl, SaslPlaintext, SaslSsl (from the command line).",
        "status", "--bootstrap-servers", "127.0.0.1:9", "--set", "Kafka:SecurityProtocol=Bogus")]
    [InlineData("Routing:TargetPolicy: 'bogus' is not one of Any, SourceNamespace, InputTopicNamespace (from the command line).",
        "dlq", "list", "--bootstrap-servers", "127.0.0.1:9", "--set", "Routing:TargetPolicy=bogus")]
    [InlineData("Logging:LogLevel:Default: 'Verbose' is not one of Trace, Debug, Information, Warning, Error, Critical, None (from the command line).",
        "status", "--bootstrap-servers", "127.0.0.1:1", "--set", "Logging:LogLevel:Default=Verbose")]
    [InlineData("Logging:Console:LogLevel:StatusStream: 'loud' is not one of Trace, Debug, Information, Warning, Error, Critical, None (from the command line).",
        "dlq", "replay", "--bootstrap-servers", "127.0.0.1:1", "--set", "Logging:Console:LogLevel:StatusStream=loud")]
    [InlineData("Logging:Console:FormatterOptions:SingleLine: 'maybe' is not true or false (from the command line).",
        "run", "--bootstrap-servers", "127.0.0.1:9", "--set", "Logging:Console:FormatterOptions:SingleLine=maybe")]
    [InlineData("Logging:Console:FormatterName: 'xml' is not one of simple, json, systemd (from the command line).",
        "run", "--bootstrap-servers", "127.0.0.1:9", "--set", "Logging:Console:FormatterName=xml")]
    [InlineData("--reason 'nonsense' is not a dead-letter reason; one of: bad-callback-target, bad-retry-record, bad-uuid,",
        "dlq", "list", "--bootstrap-servers", "127.0.0.1:9", "--reason", "nonsense")]
    [InlineData("--target 'http://hooks.example:80/services/T0': dead letters name a webhook target by scheme, host and port only",
        "dlq", "replay", "--bootstrap-servers", "127.0.0.1:9", "--target", "http://hooks.example:80/services/T0")]
    public async Task BadCommandLine_ExitsTwoWithOneLineNamingTheProblem(string expected, params string[] arguments)
    {
        using var app = AppProcess.Start(arguments);
        AssertOneLineUsageError(await app.WaitForExitAsync(Deadline), app, expected);
    }

    [Fact]
    public async Task Run_BadValuesInTwoSections_ExitsTwoWithOneLineEach()
    {
        using var app = AppProcess.Start("run", "--bootstrap-servers", "127.0.0.1:9",
            "--set", "Pipeline:MaxInFlightStatuses=0", "--set", "Retry:MaxRetries=-1");
        Assert.Equal(2, await app.WaitForExitAsync(Deadline));
        var lines = app.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.Contains("Pipeline:MaxInFlightStatuses must be between", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Retry:MaxRetries must be between", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("STATUSSTREAM_Kafak__BootstrapServers", "127.0.0.1:9",
        "unknown section 'Kafak' (Kafak:BootstrapServers, from the environment variable STATUSSTREAM_Kafak__BootstrapServers). Did you mean 'Kafka'?",
        "run", "--bootstrap-servers", "127.0.0.1:9")]
    [InlineData("STATUSSTREAM_RETRY__MAXRETRIES", "-1",
        "Retry:MaxRetries must be between 0 and 100 (was -1) (from the environment variable STATUSSTREAM_RETRY__MAXRETRIES).",
        "run", "--bootstrap-servers", "127.0.0.1:9")]
    [InlineData("STATUSSTREAM_Logging__LogLevel__Default", "Verbose",
        "Logging:LogLevel:Default: 'Verbose' is not one of Trace, Debug, Information, Warning, Error, Critical, None "
        + "(from the environment variable STATUSSTREAM_Logging__LogLevel__Default).",
        "run", "--bootstrap-servers", "127.0.0.1:9")]
    [InlineData("STATUSSTREAM_Logging__LogLevel__Microsoft", "Verbose",
        "Logging:LogLevel:Microsoft: 'Verbose' is not one of Trace, Debug, Information, Warning, Error, Critical, None "
        + "(from the environment variable STATUSSTREAM_Logging__LogLevel__Microsoft).",
        "demo")]
    public async Task BadSettingInEnvironment_ExitsTwoNamingTheVariableAsItIsSpelled(string variable, string value, string expected, params string[] arguments)
    {
        using var app = AppProcess.Start(new Dictionary<string, string> { [variable] = value }, arguments);
        AssertOneLineUsageError(await app.WaitForExitAsync(Deadline), app, expected);
    }

    [Fact]
    public async Task RunEmbedded_HttpPortTaken_ExitsTwoWithOneLineNamingTheSetting()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        using var app = AppProcess.Start("run", "--embedded", "--set", $"Http:Urls=http://127.0.0.1:{port}");

        Assert.Equal(2, await app.WaitForExitAsync(Deadline));
        var line = Assert.Single(app.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"Configuration error: Http:Urls cannot be listened on: Failed to bind to address http://127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.EndsWith("(from the command line).", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunEmbedded_UnknownLogLevel_ExitsTwoNamingTheSettingWithoutAStackTrace()
    {
        using var app = AppProcess.Start("run", "--embedded", "--set", "Logging:LogLevel:Default=Verbose");
        Assert.Equal(2, await app.WaitForExitAsync(Deadline));
        var line = Assert.Single(app.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("Configuration error: Logging:LogLevel:Default: 'Verbose' is not one of Trace, Debug, Information, Warning, Error, Critical, None "
            + "(from the command line).", line);
        // The embedded cluster's notice comes only with an accepted configuration: the error stands alone.
        Assert.DoesNotContain(app.StandardOutput, l => l.Length > 0);
    }

    [Fact]
    public async Task Run_NoBrokerAnswers_SaysSoAtOnceWithBoundedLogs_ExitsOneAfterStartupTimeout()
    {
        var port = LoopbackPort.Unused();
        using var app = AppProcess.Start("run", "--bootstrap-servers", $"127.0.0.1:{port}", "--set", "Kafka:StartupTimeoutSeconds=4");
        Assert.Equal(1, await app.WaitForExitAsync(Deadline));

        var lines = app.StandardError.Split('\n');
        Assert.Contains(lines, l => l.Contains($"No Kafka broker answers at 127.0.0.1:{port}", StringComparison.Ordinal)
            && l.Contains("giving up after 4 s (Kafka:StartupTimeoutSeconds)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"no Kafka broker answered at 127.0.0.1:{port} within 4 s (Kafka:StartupTimeoutSeconds", StringComparison.Ordinal));
        // Unthrottled, the clients' reconnect errors came at about 80 lines a second.
        Assert.True(lines.Length < 15, $"{lines.Length} lines of log in 4 s:\n{app.StandardError}");
        Assert.DoesNotContain("Consume loop", app.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StartupTimeoutZero_WaitsUntilStopped()
    {
        var port = LoopbackPort.Unused();
        using var app = AppProcess.Start("run", "--bootstrap-servers", $"127.0.0.1:{port}", "--set", "Kafka:StartupTimeoutSeconds=0");
        await Poll.UntilAsync(() => app.StandardError.Contains("No Kafka broker answers", StringComparison.Ordinal), Deadline, () => app.StandardError);
        Assert.Contains("waiting for it (Kafka:StartupTimeoutSeconds=0)", app.StandardError, StringComparison.Ordinal);

        app.Terminate();
        Assert.Equal(0, await app.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData("{\n  \"Kafka\": { \"GroupId\": \"x\" }\n  \"Retry\": {}\n}", "is not valid JSON at line 3, byte 3: '\"' is invalid after a value.", "run", "--embedded")]
    [InlineData("{ \"Kafka\": { \"GroupId\": \"a\", \"GroupId\": \"b\" } }", "cannot be read: A duplicate key 'Kafka:GroupId' was found.", "dlq", "list")]
    [InlineData("[", "is not valid JSON at line 1, byte 2: Expected depth to be zero at the end of the JSON payload.", "status")]
    public async Task SettingsFileThatDoesNotParse_ExitsTwoNamingFileAndPlace(string json, string expected, params string[] command)
    {
        // appsettings.{STATUSSTREAM_ENVIRONMENT}.json next to the app; a name of this test's own, removed afterwards.
        var environment = TestKafka.Unique("Broken");
        var file = Path.Combine(Path.GetDirectoryName(AppProcess.AppPath)!, $"appsettings.{environment}.json");
        await File.WriteAllTextAsync(file, json);
        try
        {
            using var app = AppProcess.Start(new Dictionary<string, string> { ["STATUSSTREAM_ENVIRONMENT"] = environment }, command);
            AssertOneLineUsageError(await app.WaitForExitAsync(Deadline), app, $"Configuration error: {file} {expected}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("status")]
    [InlineData("dlq", "list")]
    [InlineData("dlq", "replay")]
    public async Task OperatorCommand_NoBrokerAnswers_ExitsOneAfterConnectTimeoutNamingAddressAndCause(params string[] command)
    {
        var port = LoopbackPort.Unused();
        using var app = AppProcess.Start([.. command, "--bootstrap-servers", $"127.0.0.1:{port}", "--connect-timeout", "1"]);
        // Far below the commands' read deadlines (30 and 60 s), which is what they waited before --connect-timeout.
        Assert.Equal(1, await app.WaitForExitAsync(TimeSpan.FromSeconds(20)));

        var line = Assert.Single(app.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"no Kafka broker answered at 127.0.0.1:{port} (Kafka:BootstrapServers) within 1 s (--connect-timeout)", line, StringComparison.Ordinal);
        Assert.Contains("Connection refused", line, StringComparison.Ordinal);
    }

    /// <summary>The status a GET of <paramref name="url"/> answers, or null while nothing listens there yet.</summary>
    private static System.Net.HttpStatusCode? Probe(HttpClient client, string url)
    {
        try
        {
            using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, new Uri(url)));
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static void AssertOneLineUsageError(int exitCode, AppProcess app, string expected)
    {
        Assert.True(exitCode == 2, $"exit code {exitCode}; stderr: {app.StandardError}");
        var lines = app.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line.Replace(expected, "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain(app.StandardOutput, l => l.Length > 0);
    }
}
