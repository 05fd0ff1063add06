using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Moq;
using StatusStream.Health;
using StatusStream.Kafka;
using StatusStream.Subscriptions;

namespace StatusStream.Tests.Health;

/// <summary>
/// A check that throws: Unhealthy with a description that names only the check and the exception's type, and one
/// Error line with the stack trace per failure in the check's own category (ASP.NET Core's, which would log it, is
/// silenced in appsettings.json).
/// </summary>
public sealed class GuardedHealthCheckTests
{
    // What a careless exception message might carry; none of it may reach a probe's answer.
    private const string Secret = "sasl.password=hunter2-not-for-probes";
    private const string SecretUrl = "https://user:pw@broker.example.internal:9093/";

    private readonly FakeLogger<ScriptedHealthCheck> _logger = new();

    [Fact]
    public async Task CheckHealthAsync_InnerWorkThrows_UnhealthyNamingTheCheckAndTheTypeOnly()
    {
        var check = new ScriptedHealthCheck(_logger) { Failure = () => new InvalidOperationException($"{Secret} at {SecretUrl}") };

        var result = await check.CheckHealthAsync(Context("kafka", check));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("kafka", result.Description, StringComparison.Ordinal);
        Assert.Contains(nameof(InvalidOperationException), result.Description, StringComparison.Ordinal);
        AssertNoSecret(result.Description);
    }

    [Fact]
    public async Task CheckHealthAsync_SameFailureOnConsecutiveProbes_LoggedOnceWithItsStackTrace()
    {
        // A new exception object each probe, as a real failure gives: the same failure is told by type and where it was thrown.
        var check = new ScriptedHealthCheck(_logger) { Failure = () => new InvalidOperationException(Secret) };
        var context = Context("partitions", check);

        for (var probe = 0; probe < 5; probe++)
        {
            Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(context)).Status);
        }

        var line = Assert.Single(_logger.Collector.GetSnapshot());
        Assert.Equal((LogLevel.Error, 4204), (line.Level, line.Id.Id));
        Assert.Contains("partitions", line.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(ScriptedHealthCheck.Work), line.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(InvalidOperationException), line.Message, StringComparison.Ordinal);
        // The stack trace and the type only: the message may hold a secret.
        Assert.Null(line.Exception);
        AssertNoSecret(line.Message);
    }

    [Fact]
    public async Task CheckHealthAsync_FailsAgainAfterAnswering_LoggedAgain()
    {
        var check = new ScriptedHealthCheck(_logger);
        var context = Context("process", check);

        await ProbeAsync(check, context, () => new InvalidOperationException("first"), probes: 2);
        Assert.Equal(HealthStatus.Healthy, (await ProbeAsync(check, context, failure: null, probes: 2)).Status);
        await ProbeAsync(check, context, () => new InvalidOperationException("first"), probes: 2);

        Assert.Equal([(LogLevel.Error, 4204), (LogLevel.Information, 4205), (LogLevel.Error, 4204)],
            _logger.Collector.GetSnapshot().Select(l => (l.Level, l.Id.Id)));
    }

    [Fact]
    public async Task CheckHealthAsync_FailureChangesWhileFailing_LoggedAgain_AMessageChangeAloneIsNot()
    {
        var check = new ScriptedHealthCheck(_logger);
        var context = Context("kafka", check);

        await ProbeAsync(check, context, () => new InvalidOperationException("port 41001"), probes: 1);
        await ProbeAsync(check, context, () => new InvalidOperationException("port 41002"), probes: 1);
        await ProbeAsync(check, context, () => new NotSupportedException("port 41002"), probes: 2);

        Assert.Equal([nameof(InvalidOperationException), nameof(NotSupportedException)],
            _logger.Collector.GetSnapshot().Select(l => l.StructuredState!.Single(p => p.Key == "ExceptionType").Value));
    }

    [Fact]
    public async Task CheckHealthAsync_ProbeCalledOff_CancellationPassesThroughUnlogged()
    {
        using var calledOff = new CancellationTokenSource();
        await calledOff.CancelAsync();
        var check = new ScriptedHealthCheck(_logger) { Failure = () => new OperationCanceledException(calledOff.Token) };

        await Assert.ThrowsAsync<OperationCanceledException>(() => check.CheckHealthAsync(Context("kafka", check), calledOff.Token));

        Assert.Equal(0, _logger.Collector.Count);
    }

    [Fact]
    public async Task HealthCheckService_BrokerCheckThrowsWithItsCategoryAtCritical_ReportsUnhealthyAndLogsInTheChecksCategory()
    {
        // The service as /readyz runs it: in the web application's container, logging through the host's factory, whose
        // filter silences the service's own category as appsettings.json does; around the real kafka check, whose
        // inner work (reading the Kafka settings) throws.
        var kafkaOptions = new Mock<IOptions<KafkaOptions>>();
        kafkaOptions.Setup(o => o.Value).Throws(() => new InvalidOperationException($"{Secret} at {SecretUrl}"));
        var hostServices = new ServiceCollection()
            .AddLogging(logging => logging.AddFakeLogging().AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Critical))
            .AddSingleton(kafkaOptions.Object)
            .AddSingleton(Options.Create(new HealthOptions()))
            .AddSingleton(TimeProvider.System)
            .AddSingleton<KafkaReachability>()
            .AddSingleton<BrokerHealthCheck>();
        hostServices.AddSingleton(sp => new HealthCheckRegistration("kafka", sp.GetRequiredService<BrokerHealthCheck>(), HealthStatus.Unhealthy,
            [HealthRoutes.ReadyTag]));
        await using var host = hostServices.BuildServiceProvider();
        var webServices = new ServiceCollection().AddLogging().AddSingleton(host.GetRequiredService<ILoggerFactory>());
        new HealthRoutes(host.GetServices<HealthCheckRegistration>(), host.GetRequiredService<IOptions<HealthOptions>>()).ConfigureServices(webServices);
        await using var web = webServices.BuildServiceProvider();
        var health = web.GetRequiredService<HealthCheckService>();

        var reports = new List<HealthReport>();
        for (var probe = 0; probe < 3; probe++)
        {
            reports.Add(await health.CheckHealthAsync());
        }

        Assert.All(reports, report =>
        {
            var entry = report.Entries["kafka"];
            Assert.Equal(HealthStatus.Unhealthy, entry.Status);
            Assert.Contains(nameof(InvalidOperationException), entry.Description, StringComparison.Ordinal);
            AssertNoSecret(entry.Description);
        });
        var line = Assert.Single(host.GetRequiredService<FakeLogCollector>().GetSnapshot());
        Assert.Equal((LogLevel.Error, 4204, typeof(BrokerHealthCheck).FullName), (line.Level, line.Id.Id, line.Category));
        Assert.Contains(" at ", line.Message, StringComparison.Ordinal);
        AssertNoSecret(line.Message);
    }

    [Fact]
    public void EveryHealthCheckOfTheService_IsGuarded()
    {
        // A check that implemented IHealthCheck on its own would be back to leaving no trace when it throws.
        var checks = typeof(GuardedHealthCheck).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IHealthCheck).IsAssignableFrom(t))
            .ToList();

        Assert.Contains(typeof(BrokerHealthCheck), checks);
        Assert.Contains(typeof(SubscriptionsHealthCheck), checks);
        Assert.Empty(checks.Where(t => !t.IsSubclassOf(typeof(GuardedHealthCheck))).Select(t => t.FullName));
    }

    /// <summary>Probes <paramref name="probes"/> times while the check fails that way (or answers); the last result.</summary>
    private static async Task<HealthCheckResult> ProbeAsync(ScriptedHealthCheck check, HealthCheckContext context, Func<Exception>? failure, int probes)
    {
        check.Failure = failure;
        var result = default(HealthCheckResult);
        for (var probe = 0; probe < probes; probe++)
        {
            result = await check.CheckHealthAsync(context);
        }

        return result;
    }

    private static HealthCheckContext Context(string name, IHealthCheck check) =>
        new() { Registration = new HealthCheckRegistration(name, check, HealthStatus.Unhealthy, [HealthRoutes.ReadyTag]) };

    private static void AssertNoSecret(string? text)
    {
        Assert.DoesNotContain("hunter2", text ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("user:pw", text ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("://", text ?? "", StringComparison.Ordinal);
    }

    /// <summary>Answers Healthy, or throws a new exception from <see cref="Failure"/> inside its own work.</summary>
    private sealed class ScriptedHealthCheck(ILogger logger) : GuardedHealthCheck(logger)
    {
        public Func<Exception>? Failure { get; set; }

        // Not inlined, so that the logged stack trace has a frame to recognise.
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Work(Func<Exception>? failure)
        {
            if (failure is not null)
            {
                throw failure();
            }
        }

        protected override Task<HealthCheckResult> CheckAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            Work(Failure);
            return Task.FromResult(HealthCheckResult.Healthy("answers"));
        }
    }
}
