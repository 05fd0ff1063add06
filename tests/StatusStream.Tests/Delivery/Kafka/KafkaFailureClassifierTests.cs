using Confluent.Kafka;
using StatusStream.Delivery.Kafka;
using StatusStream.Records;

namespace StatusStream.Tests.Delivery.Kafka;

public sealed class KafkaFailureClassifierTests
{
    [Theory]
    [InlineData(ErrorCode.Local_MsgTimedOut)]
    [InlineData(ErrorCode.Local_Transport)]
    [InlineData(ErrorCode.Local_AllBrokersDown)]
    [InlineData(ErrorCode.UnknownTopicOrPart)]
    [InlineData(ErrorCode.Local_UnknownTopic)]
    [InlineData(ErrorCode.TopicAuthorizationFailed)]
    [InlineData(ErrorCode.NotLeaderForPartition)]
    [InlineData(ErrorCode.RequestTimedOut)]
    [InlineData(ErrorCode.NotEnoughReplicas)]
    public void Classify_BrokerNetworkTopicOrAclTrouble_IsTransient(ErrorCode code) =>
        Assert.Equal(FailureClass.Transient, KafkaFailureClassifier.Classify(new Error(code)));

    [Theory]
    [InlineData(ErrorCode.MsgSizeTooLarge)]
    [InlineData(ErrorCode.InvalidRecord)]
    [InlineData(ErrorCode.TopicException)]
    public void Classify_RecordThatCanNeverBeAccepted_IsPermanent(ErrorCode code) =>
        Assert.Equal(FailureClass.Permanent, KafkaFailureClassifier.Classify(new Error(code)));

    [Theory]
    [InlineData(ErrorCode.ProducerFenced)]
    [InlineData(ErrorCode.Local_Fatal)]
    [InlineData(ErrorCode.InvalidProducerEpoch)]
    public void Classify_BrokenClient_IsFatal(ErrorCode code) =>
        Assert.Equal(FailureClass.Fatal, KafkaFailureClassifier.Classify(new Error(code)));

    [Fact]
    public void Classify_ErrorFlaggedFatal_IsFatalWhateverItsCode() =>
        Assert.Equal(FailureClass.Fatal, KafkaFailureClassifier.Classify(new Error(ErrorCode.Local_MsgTimedOut, "x", isFatal: true)));

    [Fact]
    public void Describe_NamesTheSourceCodeAndReason() =>
        Assert.Equal("kafka:Local_MsgTimedOut: timed out", KafkaFailureClassifier.Describe(new Error(ErrorCode.Local_MsgTimedOut, "timed out")));
}
