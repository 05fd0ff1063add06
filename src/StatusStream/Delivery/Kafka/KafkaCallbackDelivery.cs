using Confluent.Kafka;
using StatusStream.Intake;
using StatusStream.Kafka;
using StatusStream.Outbound;
using StatusStream.Records;
using StatusStream.Serialization;
using StatusStream.Telemetry;

namespace StatusStream.Delivery.Kafka;

/// <summary>
/// Produces a status to its caller's callback topic. Never blocks: the record is handed to the
/// shared producer and the delivery report decides what happens next (acknowledge, or report the
/// classified failure). <paramref name="successes"/> is only registered when a feature wants to hear of them.
/// </summary>
/// <remarks>
/// With a Schema Registry (<paramref name="schemaIds"/>, registered only when Serialization:SchemaRegistry:Url is
/// set) the value is written in Confluent's wire format: the subject's schema id in front of the same JSON. When the
/// id is not known yet, the status is produced once the registry answers, on a pool thread; a registry that does not
/// answer is a transient failure (the retry topic), so nothing waits on the caller's thread and nothing is lost.
/// </remarks>
internal sealed class KafkaCallbackDelivery(
    NonBlockingProducer producer,
    IDeliveryFailures failures,
    CallbackSchemaIds? schemaIds = null,
    IDeliverySuccesses? successes = null,
    StatusStreamMetrics? metrics = null,
    StatusTracing? tracing = null) : ICallbackTransport
{
    private static readonly Header FramedContentType = new(StatusHeaders.ContentType, System.Text.Encoding.UTF8.GetBytes(StatusHeaders.SchemaRegistryJsonContentType));

    private readonly DeliveryOutcomes _outcomes = new("kafka", failures, successes, metrics);

    public CallbackType Type => CallbackType.Kafka;

    public void Deliver(OutboundStatus outbound)
    {
        // A forwarded text message is not a NotificationStatus, so the status schema's id must not frame it; its
        // content-type header says what it is.
        if (schemaIds is null || outbound.Kind == OutboundKind.InboundMessage)
        {
            ProducePlain(outbound);
        }
        else if (schemaIds.TryGetKnown(outbound.Callback.Target, out var schemaId))
        {
            ProduceFramed(outbound, schemaId);
        }
        else
        {
            _ = ProduceWhenSchemaKnownAsync(outbound, schemaIds.ResolveAsync(outbound.Callback.Target));
        }
    }

    private async Task ProduceWhenSchemaKnownAsync(OutboundStatus outbound, Task<int> schemaId)
    {
        int id;
        try
        {
            id = await schemaId.ConfigureAwait(false);
        }
        catch (SchemaRegistryUnavailableException e)
        {
            _outcomes.Failed(outbound, new DeliveryFailure(FailureClass.Transient, e.Message));
            return;
        }

        ProduceFramed(outbound, id);
    }

    /// <summary>Retry and dead-letter records keep the plain JSON payload: only the callback record is framed.</summary>
    private void ProduceFramed(OutboundStatus outbound, int schemaId)
    {
        var message = StatusRecord.Build(outbound);
        message.Value = ConfluentWireFormat.Frame(schemaId, outbound.Payload);
        message.Headers.Remove(StatusHeaders.ContentType);
        message.Headers.Add(FramedContentType);
        Produce(outbound, message);
    }

    /// <summary>The common case: a plain status (no registry framing, no optional header) reuses the thread's record.</summary>
    private void ProducePlain(OutboundStatus outbound)
    {
        var span = StartAttempt(outbound);
        if (span is not null || !ReusableStatusRecord.Fits(outbound))
        {
            Produce(outbound, OutboundRecord.Build(outbound), span);
            return;
        }

        var record = ReusableStatusRecord.Rent();
        try
        {
            producer.Produce(outbound.Callback.Target, record.Fill(outbound), new CallbackOutcome(outbound, _outcomes, span: null));
        }
        finally
        {
            record.Return();
        }
    }

    private void Produce(OutboundStatus outbound, Message<byte[], byte[]> message) => Produce(outbound, message, StartAttempt(outbound));

    private void Produce(OutboundStatus outbound, Message<byte[], byte[]> message, System.Diagnostics.Activity? span)
    {
        // With traces on, the record carries the attempt's span (same trace) instead of its parent's.
        if (span?.Id is { } traceParent)
        {
            message.Headers.Remove(StatusHeaders.TraceParent);
            message.Headers.Add(StatusHeaders.TraceParent, System.Text.Encoding.UTF8.GetBytes(traceParent));
        }

        producer.Produce(outbound.Callback.Target, message, new CallbackOutcome(outbound, _outcomes, span));
    }

    private System.Diagnostics.Activity? StartAttempt(OutboundStatus outbound) =>
        tracing?.StartAttempt("kafka", outbound.Callback.Target, outbound, static o => o.ItemId, outbound.Attempt.Number, outbound.TraceParent, makeCurrent: false);

    /// <summary>The one object a produced status carries to its delivery report (see <see cref="ProduceOutcome"/>).</summary>
    private sealed class CallbackOutcome(OutboundStatus outbound, DeliveryOutcomes outcomes, System.Diagnostics.Activity? span) : ProduceOutcome
    {
        public override void Completed(Error error)
        {
            if (error.IsError)
            {
                StatusTracing.End(span, error.Code.ToString());
                outcomes.Failed(outbound, new DeliveryFailure(KafkaFailureClassifier.Classify(error), KafkaFailureClassifier.Describe(error)));
            }
            else
            {
                StatusTracing.End(span, null);
                outcomes.Delivered(outbound);
            }
        }
    }
}
