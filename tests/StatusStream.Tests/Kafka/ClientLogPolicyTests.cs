using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using StatusStream.Kafka;

namespace StatusStream.Tests.Kafka;

public sealed class ClientLogPolicyTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeLogger _logger = new();

    [Fact]
    public void OnLog_WarningRepeatedWithinWindow_OneLineThenTheNextSaysHowMany()
    {
        var policy = Policy(new ClientLogging(_logger, "producer"));

        for (var i = 0; i < 3; i++)
        {
            policy.OnLog(new LogMessage("rdkafka#producer-1", SyslogLevel.Warning, "FAIL", "Connection refused"));
        }

        Assert.Single(_logger.Collector.GetSnapshot());
        _time.Advance(ClientLogThrottle.DefaultWindow);
        policy.OnLog(new LogMessage("rdkafka#producer-1", SyslogLevel.Warning, "FAIL", "Connection refused"));

        var lines = _logger.Collector.GetSnapshot();
        Assert.Equal([4005, 4005], lines.Select(l => l.Id.Id));
        Assert.Equal(LogLevel.Warning, lines[1].Level);
        Assert.Equal("librdkafka producer FAIL: Connection refused (and 2 more like it in the last 30 s)", lines[1].Message);
    }

    [Fact]
    public void OnLog_ChatterBelowWarning_EveryLineAtDebug()
    {
        var policy = Policy(new ClientLogging(_logger, "consumer"));

        policy.OnLog(new LogMessage("c", SyslogLevel.Notice, "STATE", "up"));
        policy.OnLog(new LogMessage("c", SyslogLevel.Notice, "STATE", "up"));

        Assert.Equal([LogLevel.Debug, LogLevel.Debug], _logger.Collector.GetSnapshot().Select(l => l.Level));
    }

    [Fact]
    public void OnLog_OwnerLogsTheLineItself_PolicyAddsNothing()
    {
        var policy = Policy(new ClientLogging(_logger, "consumer") { OwnLog = message => message.Facility == "OFFSET" });

        policy.OnLog(new LogMessage("c", SyslogLevel.Warning, "OFFSET", "reset"));
        policy.OnLog(new LogMessage("c", SyslogLevel.Warning, "FAIL", "refused"));

        Assert.Equal(["librdkafka consumer FAIL: refused"], _logger.Collector.GetSnapshot().Select(l => l.Message));
    }

    [Fact]
    public void OnError_RepeatedKinds_EachKindOncePerWindow()
    {
        var policy = Policy(new ClientLogging(_logger, "consumer"));

        policy.OnError(new Error(ErrorCode.Local_Transport, "refused"));
        policy.OnError(new Error(ErrorCode.Local_Transport, "refused"));
        policy.OnError(new Error(ErrorCode.Local_AllBrokersDown, "1/1 brokers are down"));

        Assert.Equal(["Kafka consumer error Local_Transport: refused", "Kafka consumer error Local_AllBrokersDown: 1/1 brokers are down"],
            _logger.Collector.GetSnapshot().Select(l => l.Message));
        Assert.All(_logger.Collector.GetSnapshot(), l => Assert.Equal(4006, l.Id.Id));
    }

    [Fact]
    public void OnError_Fatal_GoesToTheOwnerEveryTimeAndIsNotLogged()
    {
        var fatal = new List<ErrorCode>();
        var policy = Policy(new ClientLogging(_logger, "producer") { OnFatal = error => fatal.Add(error.Code) });

        policy.OnError(new Error(ErrorCode.Local_Fatal, "fenced", isFatal: true));
        policy.OnError(new Error(ErrorCode.Local_Fatal, "fenced", isFatal: true));

        Assert.Equal([ErrorCode.Local_Fatal, ErrorCode.Local_Fatal], fatal);
        Assert.Empty(_logger.Collector.GetSnapshot());
    }

    [Fact]
    public void OnError_OwnerReportsErrorsItself_NotLoggedAsWell()
    {
        var kept = new LatestClientError();
        var policy = Policy(new ClientLogging(_logger, "admin") { OwnErrors = kept.Keep });

        policy.OnError(new Error(ErrorCode.Local_Transport, "Connection refused"));

        Assert.Equal("Connection refused", kept.Or("none"));
        Assert.Empty(_logger.Collector.GetSnapshot());
    }

    [Fact]
    public void OnLog_OwnerReportsErrorsItself_TheirLogFormStaysAtDebug()
    {
        var policy = Policy(new ClientLogging(_logger, "admin") { OwnErrors = _ => { } });

        policy.OnLog(new LogMessage("a", SyslogLevel.Error, "FAIL", "Connect to ipv4#127.0.0.1:9 failed: Connection refused"));
        policy.OnLog(new LogMessage("a", SyslogLevel.Warning, "CONFWARN", "odd"));

        Assert.Equal([LogLevel.Debug, LogLevel.Warning], _logger.Collector.GetSnapshot().Select(l => l.Level));
    }

    private ClientLogPolicy Policy(ClientLogging logging) => new(logging, new ClientLogThrottle(_time, ClientLogThrottle.DefaultWindow));
}
