using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using StatusStream.Telemetry;

namespace StatusStream.Tests.Telemetry;

public sealed class ClientLogLevelTests
{
    [Theory]
    [InlineData("Configuration property queue.buffering.max.ms is a producer property and will be ignored by this consumer instance")]
    [InlineData("Configuration property fetch.wait.max.ms is a consumer property and will be ignored by this producer instance")]
    public void Of_PropertyForTheOtherKindOfClient_Debug(string text) =>
        Assert.Equal(LogLevel.Debug, ClientLogLevel.Of(new LogMessage("rdkafka#consumer-1", SyslogLevel.Warning, "CONFWARN", text)));

    [Fact]
    public void Of_OtherConfigurationWarning_StaysAWarning() =>
        Assert.Equal(LogLevel.Warning, ClientLogLevel.Of(new LogMessage("rdkafka#producer-1", SyslogLevel.Warning, "CONFWARN",
            "Configuration property ssl.endpoint.identification.algorithm is deprecated")));

    [Fact]
    public void Of_SameWordsFromAnotherFacility_StaysAWarning() =>
        Assert.Equal(LogLevel.Warning, ClientLogLevel.Of(new LogMessage("rdkafka#consumer-1", SyslogLevel.Warning, "FETCH",
            "a producer property and will be ignored by this consumer instance")));

    [Theory]
    [InlineData(SyslogLevel.Critical, LogLevel.Critical)]
    [InlineData(SyslogLevel.Error, LogLevel.Error)]
    [InlineData(SyslogLevel.Warning, LogLevel.Warning)]
    [InlineData(SyslogLevel.Notice, LogLevel.Debug)]
    public void Of_Level_Mapped(SyslogLevel level, LogLevel expected) =>
        Assert.Equal(expected, ClientLogLevel.Of(new LogMessage("rdkafka", level, "BROKER", "text")));
}
