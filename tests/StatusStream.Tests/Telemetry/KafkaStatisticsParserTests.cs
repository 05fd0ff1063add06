using StatusStream.Telemetry;

namespace StatusStream.Tests.Telemetry;

public sealed class KafkaStatisticsParserTests
{
    [Fact]
    public void ConsumerLag_AssignedPartitions_LagOrCommittedDistanceOrEmpty_UnknownSkipped()
    {
        const string Json = """
            {"name":"c#consumer-1","type":"consumer","brokers":{},"topics":{
              "events":{"topic":"events","partitions":{
                "0":{"partition":0,"desired":true,"consumer_lag":12,"fetch_state":"active"},
                "1":{"partition":1,"desired":true,"consumer_lag":-1,"fetch_state":"offset-query"},
                "4":{"partition":4,"desired":true,"consumer_lag":-1,"lo_offset":0,"hi_offset":0,"committed_offset":-1001},
                "5":{"partition":5,"desired":true,"consumer_lag":-1,"lo_offset":0,"hi_offset":9,"committed_offset":7},
                "2":{"partition":2,"desired":false,"consumer_lag":40},
                "-1":{"partition":-1,"desired":false,"consumer_lag":-1}}},
              "statusstream.retry":{"partitions":{"3":{"desired":true,"consumer_lag":0}}}}}
            """;

        var lag = KafkaStatisticsParser.ConsumerLag(Json);

        Assert.Equal([new PartitionLag("events", 0, 12), new PartitionLag("events", 4, 0), new PartitionLag("events", 5, 2), new PartitionLag("statusstream.retry", 3, 0)], lag);
    }

    [Fact]
    public void ConsumerLag_ProducerStatistics_Empty() =>
        Assert.Empty(KafkaStatisticsParser.ConsumerLag("""{"name":"p","type":"producer","topics":{}}"""));
}
