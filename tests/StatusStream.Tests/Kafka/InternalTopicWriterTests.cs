using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using StatusStream.DeadLetters;
using StatusStream.Kafka;
using StatusStream.Records;

namespace StatusStream.Tests.Kafka;

/// <summary>
/// Writing to StatusStream's own topics never gives up on a transient refusal and cuts a dead letter
/// that is too large. The producer is a fake at the one honest seam: what is tested is what the writer
/// does with each delivery report, on a fake clock.
/// </summary>
public sealed class InternalTopicWriterTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
    private readonly PipelineFailures _failures = new(NullLogger<PipelineFailures>.Instance);
    private readonly List<Message<byte[], byte[]>> _produced = [];
    private readonly Queue<Error> _answers = new();

    public void Dispose() => _failures.Dispose();

    [Fact]
    public void Write_RefusedLongerThanTheDeliveryTimeout_TriedAgainWithBackoffUntilTaken_NeverFatal()
    {
        _answers.Enqueue(new Error(ErrorCode.Local_MsgTimedOut, "timed out"));
        _answers.Enqueue(new Error(ErrorCode.Local_MsgTimedOut, "timed out"));
        _answers.Enqueue(new Error(ErrorCode.NoError));
        var writer = Writer();
        var written = 0;

        writer.Write("statusstream.dlq", Message(100), "a status", () => written++);

        Assert.Single(_produced);
        Assert.Equal(1, writer.Held);
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Single(_produced); // not before its backoff
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, _produced.Count);
        _clock.Advance(TimeSpan.FromSeconds(2)); // the backoff doubled
        Assert.Equal(3, _produced.Count);
        Assert.Equal(1, written);
        Assert.Equal(0, writer.Held);
        Assert.False(_failures.IsFatal);
    }

    [Fact]
    public void Write_DeadLetterTooLarge_CutToFitWithSizeAndHashHeaders()
    {
        _answers.Enqueue(new Error(ErrorCode.MsgSizeTooLarge, "too large"));
        _answers.Enqueue(new Error(ErrorCode.NoError));
        var written = 0;
        var original = Message(2_000_000);

        Writer().Write("statusstream.dlq", original, "a status", () => written++, DeadLetterCut.ToFit);

        Assert.Equal(2, _produced.Count);
        var cut = _produced[1];
        Assert.Equal(DeadLetterCut.ExcerptBytes, cut.Value.Length);
        Assert.Equal("true", Header(cut, DeadLetterHeaders.Truncated));
        Assert.Equal("2000000", Header(cut, DeadLetterHeaders.OriginalSize));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(original.Value)), Header(cut, DeadLetterHeaders.OriginalSha256));
        Assert.Equal("kept", Header(cut, "statusstream.reason"));
        Assert.Equal(1, written);
        Assert.False(_failures.IsFatal);
    }

    [Fact]
    public void Write_TooLargeEvenAfterTheCut_FallbackAskedAgainWithTheCutRecord_MinimalWritten()
    {
        _answers.Enqueue(new Error(ErrorCode.MsgSizeTooLarge, "too large"));
        _answers.Enqueue(new Error(ErrorCode.MsgSizeTooLarge, "too large"));
        _answers.Enqueue(new Error(ErrorCode.NoError));
        var written = 0;

        Writer().Write("statusstream.dlq", Message(5000), "a status", () => written++, DeadLetterCut.Smaller);

        Assert.Equal(3, _produced.Count);
        Assert.Equal(DeadLetterCut.Cut, Header(_produced[1], DeadLetterHeaders.Truncated));
        Assert.Equal(DeadLetterCut.MinimalMark, Header(_produced[2], DeadLetterHeaders.Truncated));
        Assert.Empty(_produced[2].Value);
        Assert.Equal("kept", Header(_produced[2], "statusstream.reason"));
        Assert.Equal(1, written);
        Assert.False(_failures.IsFatal);
    }

    [Fact]
    public void Write_TooLargeWithoutAFallback_StopsTheHostRatherThanLoseIt()
    {
        _answers.Enqueue(new Error(ErrorCode.MsgSizeTooLarge, "too large"));

        Writer().Write("statusstream.dlq", Message(5000), "a status", () => { });

        Assert.True(_failures.IsFatal);
    }

    [Fact]
    public void Write_TooLargeAndTheCallerTookItElsewhere_NeitherHeldNorFatal()
    {
        _answers.Enqueue(new Error(ErrorCode.MsgSizeTooLarge, "too large"));
        var tookElsewhere = false;
        var writer = Writer();

        writer.Write("statusstream.retry", Message(5000), "a status", () => { }, _ =>
        {
            tookElsewhere = true;
            return null;
        });

        Assert.True(tookElsewhere);
        Assert.Equal(0, writer.Held);
        Assert.False(_failures.IsFatal);
    }

    private InternalTopicWriter Writer()
    {
        var producer = new Mock<IProducer<byte[], byte[]>>();
        producer.Setup(p => p.Produce(It.IsAny<string>(), It.IsAny<Message<byte[], byte[]>>(), It.IsAny<Action<DeliveryReport<byte[], byte[]>>>()))
            .Callback<string, Message<byte[], byte[]>, Action<DeliveryReport<byte[], byte[]>>>((_, message, report) =>
            {
                _produced.Add(message);
                report(new DeliveryReport<byte[], byte[]> { Error = _answers.Count > 0 ? _answers.Dequeue() : new Error(ErrorCode.NoError), Message = message });
            });
        return new InternalTopicWriter(new NonBlockingProducer(producer.Object), _failures, _clock, NullLogger<InternalTopicWriter>.Instance);
    }

    private static Message<byte[], byte[]> Message(int size) => new()
    {
        Key = "k"u8.ToArray(),
        Value = Enumerable.Range(0, size).Select(i => (byte)('a' + (i % 26))).ToArray(),
        Headers = new Headers { { "statusstream.reason", "kept"u8.ToArray() } },
    };

    private static string Header(Message<byte[], byte[]> message, string name) =>
        message.Headers.TryGetLastBytes(name, out var value) ? Encoding.UTF8.GetString(value) : "";
}
