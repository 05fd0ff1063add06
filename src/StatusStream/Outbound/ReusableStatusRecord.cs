using Confluent.Kafka;
using StatusStream.Expansion;
using StatusStream.Records;

namespace StatusStream.Outbound;

/// <summary>
/// The callback record of a plain status (<see cref="Fits"/>), the same bytes <see cref="StatusRecord.Build"/> gives,
/// written into one message object per thread that is rewritten for every status instead of allocated anew.
/// </summary>
/// <remarks>
/// <para>Safe because the client copies a record when it takes it: librdkafka copies key, value and headers during
/// <c>Produce</c>, and with <c>DeliveryReportFields = "status"</c> Confluent's delivery handler keeps no reference
/// to the message. So once <c>Produce</c> returns, the message is free; <see cref="Kafka.NonBlockingProducer"/>
/// keeps its own copy of a record it cannot hand over yet.</para>
/// <para>The value too: a fresh status's JSON is written into an array of this instance that has exactly its length
/// (the client takes a whole array), one per length up to <see cref="MaxReusedValueLength"/>, and is not kept by the
/// status. A retry or dead letter that needs the JSON later makes it again from the status
/// (<see cref="OutboundStatus.Payload"/>), byte for byte the same. A value the status already has (read back from the
/// retry topic) is used as it is.</para>
/// <para>Every status would otherwise allocate a message, a header list, three header objects and four arrays
/// (about 460 bytes) and the JSON's own array (about 180); this is the callback path's most frequent allocation. A
/// record with a subscription or trace header is rare and built by <see cref="StatusRecord.Build"/>.</para>
/// <para><see cref="Rent"/> takes the thread's instance out of its slot until <see cref="Return"/>, so a produce that
/// re-enters delivery on the same thread (a synchronous failure handled inline) gets a fresh one, never a half-used one.</para>
/// </remarks>
internal sealed class ReusableStatusRecord
{
    /// <summary>
    /// Status JSON is about 150 bytes plus the provider and error texts. Longer values get an array of their own: the
    /// arrays kept per instance are bounded by the sum of the lengths seen, at most about 128 KiB.
    /// </summary>
    public const int MaxReusedValueLength = 512;

    [ThreadStatic]
    private static ReusableStatusRecord? t_spare;

    private readonly byte[]?[] _valueOfLength = new byte[]?[MaxReusedValueLength + 1];
    private readonly byte[] _key = new byte[StatusRecord.UuidLength];
    private readonly byte[] _recipient = new byte[StatusRecord.UuidLength];
    private readonly byte[] _statusId = new byte[StatusRecord.StatusIdLength];
    private readonly Message<byte[], byte[]> _message;
    private byte[]? _writtenValue;

    // Whose event id _key holds: an event's statuses come one after another, so its key is formatted once for all.
    private Guid? _keyOf;

    private ReusableStatusRecord()
    {
        _message = new Message<byte[], byte[]>
        {
            Key = _key,
            Value = [],
            Headers = new Headers
            {
                { StatusHeaders.Recipient, _recipient },
                { StatusHeaders.StatusId, _statusId },
            },
        };
        _message.Headers.Add(StatusRecord.ContentTypeHeader);
    }

    /// <summary>True for a status whose record has exactly the fixed headers (no subscription id, no trace context).</summary>
    public static bool Fits(OutboundStatus outbound) =>
        outbound is { Status: not null, TraceParent: null, TraceState: null, Baggage: null, Callback.Subscription: null };

    public static ReusableStatusRecord Rent()
    {
        var record = t_spare ?? new ReusableStatusRecord();
        t_spare = null;
        return record;
    }

    /// <summary>Gives the instance back to this thread; call once the client has taken the record.</summary>
    public void Return()
    {
        // The value may carry a recipient's error text: neither the message nor a reused array keeps it past its produce.
        _message.Value = [];
        _writtenValue?.AsSpan().Clear();
        _writtenValue = null;
        t_spare = this;
    }

    /// <summary>The record of <paramref name="outbound"/>, valid until the next <see cref="Fill"/> of this instance.</summary>
    public Message<byte[], byte[]> Fill(OutboundStatus outbound)
    {
        if (!Fits(outbound))
        {
            throw new ArgumentException("a status without subscription or trace headers: use OutboundRecord.Build", nameof(outbound));
        }

        var status = outbound.Status!;
        if (_keyOf != status.EventId)
        {
            _keyOf = null; // until the key is written whole
            StatusRecord.WriteUuid(status.EventId, _key);
            _keyOf = status.EventId;
        }

        StatusRecord.WriteUuid(status.Recipient, _recipient);
        StatusRecord.WriteStatusId(_key, _recipient, _statusId);
        _message.Value = outbound.PayloadIfMade ?? WriteValue(status);
        return _message;
    }

    private byte[] WriteValue(NotificationStatus status)
    {
        _writtenValue?.AsSpan().Clear();
        if (NotificationStatusJson.TryMeasurePlain(status, out var length) && length <= MaxReusedValueLength)
        {
            // The common case, written straight into the array of its length (no copy, no buffer to wipe), with the
            // uuids' texts the key and recipient header already hold.
            _writtenValue = _valueOfLength[length] ??= new byte[length];
            NotificationStatusJson.WritePlain(status, _key, _recipient, _writtenValue);
            return _writtenValue;
        }

        var json = NotificationStatusJson.Write(status);

        // A long value gets an array of its own, not kept, but wiped on Return like a reused one: the client has copied it by then.
        _writtenValue = json.Length > MaxReusedValueLength ? new byte[json.Length] : _valueOfLength[json.Length] ??= new byte[json.Length];
        json.CopyTo(_writtenValue);
        NotificationStatusJson.ClearWritten();
        return _writtenValue;
    }
}
