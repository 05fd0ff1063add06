using Confluent.Kafka;
using StatusStream.Records;

namespace StatusStream.Delivery.Kafka;

/// <summary>
/// What a failed Kafka delivery means: the Kafka transport's classification, which feeds the one
/// failure decision (<see cref="IDeliveryFailures"/>). Kafka errors are transient unless they can never succeed for this record (it is too large, the topic name is invalid) or the client is
/// fatally broken. An unknown topic or a missing ACL on a callback topic is transient on purpose:
/// an operator may still create the topic or grant the ACL, and the retries buy that time.
/// </summary>
internal static class KafkaFailureClassifier
{
    public static FailureClass Classify(Error error)
    {
        if (error.IsFatal)
        {
            return FailureClass.Fatal;
        }

        return error.Code switch
        {
            ErrorCode.MsgSizeTooLarge
                or ErrorCode.InvalidMsg or ErrorCode.InvalidRecord
                or ErrorCode.TopicException or ErrorCode.Local_InvalidArg
                or ErrorCode.UnsupportedForMessageFormat or ErrorCode.Local_KeySerialization
                or ErrorCode.Local_ValueSerialization => FailureClass.Permanent,
            ErrorCode.InvalidProducerEpoch or ErrorCode.ProducerFenced
                or ErrorCode.Local_Fenced or ErrorCode.Local_Fatal => FailureClass.Fatal,
            _ => FailureClass.Transient,
        };
    }

    /// <summary>How the failure is written into logs, headers and the history: "kafka:&lt;code&gt;: &lt;reason&gt;".</summary>
    public static string Describe(Error error) => $"kafka:{error.Code}: {error.Reason}";
}
