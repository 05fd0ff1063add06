using System.Diagnostics;
using System.Net.Http;
using System.Text.Json;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Deploy;

/// <summary>
/// A real Prometheus server (Debian's prometheus package, the one that brings promtool) scrapes the app on
/// 127.0.0.1 with the alert rules loaded: the target is up, the rules load, and every rule evaluates on the
/// app's real series without an error (a vector-matching mistake only shows on real label sets).
/// </summary>
public sealed class MonitoringPrometheusServerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Prometheus_ScrapingTheAppWithTheRules_TargetIsUpAndEveryRuleEvaluatesWithoutError()
    {
        var appUrl = $"http://127.0.0.1:{LoopbackPort.Unused()}";
        using var app = AppProcess.Start("run", "--embedded", "--set", $"Http:Urls={appUrl}", "--set", "Telemetry:Prometheus=true",
            "--set", "Telemetry:KafkaStatisticsIntervalSeconds=1");
        await app.WaitForOutputLineAsync("bootstrap: ", Deadline);

        var directory = Directory.CreateTempSubdirectory("statusstream-prometheus-");
        try
        {
            var config = Path.Combine(directory.FullName, "prometheus.yml");
            File.WriteAllText(config, $"""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - {RepositoryRoot.PathOf("deploy", "monitoring", MonitoringQueries.RulesFile)}
                scrape_configs:
                  - job_name: statusstream
                    static_configs:
                      - targets: ["{new Uri(appUrl).Authority}"]
                """);
            var prometheusUrl = $"http://127.0.0.1:{LoopbackPort.Unused()}";
            using var prometheus = StartPrometheus(config, Path.Combine(directory.FullName, "data"), new Uri(prometheusUrl).Authority);
            try
            {
                using var client = new HttpClient();
                await Poll.UntilAsync(() =>
                {
                    var up = Get(client, $"{prometheusUrl}/api/v1/query?query=up%7Bjob%3D%22statusstream%22%7D");
                    var lag = Get(client, $"{prometheusUrl}/api/v1/query?query=statusstream_consumer_lag");
                    return up is not null && lag is not null && HasValue(up, "1") && HasValue(lag, null);
                }, Deadline, () => $"target not up, or no lag series scraped yet; exited: {prometheus.HasExited}");

                // Rules evaluated on the real series: an evaluation that began after the lag series were stored.
                var scraped = TimeProvider.System.GetUtcNow();
                var rules = "";
                await Poll.UntilAsync(() =>
                {
                    rules = Get(client, $"{prometheusUrl}/api/v1/rules") ?? "";
                    return rules.Length > 0 && AllEvaluatedAfter(rules, scraped);
                }, Deadline, () => $"rules not all evaluated after {scraped:O}; exited: {prometheus.HasExited}; rules: {rules}");

                using var document = JsonDocument.Parse(rules);
                var evaluated = AllRules(document.RootElement).ToList();
                Assert.Equal(MonitoringQueries.Alerts().Count, evaluated.Count);
                Assert.All(evaluated, r => Assert.True(r.GetProperty("health").GetString() == "ok",
                    $"{r.GetProperty("name").GetString()}: {r.GetProperty("health").GetString()} {(r.TryGetProperty("lastError", out var e) ? e.GetString() : "")}"));
            }
            finally
            {
                if (!prometheus.HasExited)
                {
                    prometheus.Kill(entireProcessTree: true);
                }

                await prometheus.WaitForExitAsync();
            }
        }
        finally
        {
            app.Terminate();
            await app.WaitForExitAsync(Deadline);
            directory.Delete(recursive: true);
        }
    }

    private static Process StartPrometheus(string config, string data, string listen)
    {
        var start = new ProcessStartInfo("prometheus") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { $"--config.file={config}", $"--storage.tsdb.path={data}", $"--web.listen-address={listen}" })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"prometheus cannot be run ({e.Message}): install Debian's prometheus package (test.sh does this where promtool is missing)");
            throw;
        }
    }

    private static string? Get(HttpClient client, string url)
    {
        try
        {
            return client.GetStringAsync(new Uri(url)).GetAwaiter().GetResult();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The query returned a series; with <paramref name="value"/>, the first one has that value.</summary>
    private static bool HasValue(string query, string? value)
    {
        using var document = JsonDocument.Parse(query);
        var result = document.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() > 0 && (value is null || result[0].GetProperty("value")[1].GetString() == value);
    }

    private static bool AllEvaluatedAfter(string rules, DateTimeOffset after)
    {
        using var document = JsonDocument.Parse(rules);
        var all = AllRules(document.RootElement).ToList();
        return all.Count > 0 && all.All(r => r.GetProperty("lastEvaluation").GetDateTimeOffset() > after);
    }

    private static IEnumerable<JsonElement> AllRules(JsonElement root) =>
        root.GetProperty("data").GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()).Select(r => r.Clone());
}
