using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace StatusStream.Delivery.Webhooks.Formats;

/// <summary>
/// One <see cref="Utf8JsonWriter"/> and buffer per thread for the formats, as <c>NotificationStatusJson</c>
/// does for the Kafka path: rendering a body then allocates only the returned array.
/// Use as <c>var writer = JsonBodyWriter.Start(); ...; return JsonBodyWriter.Finish(writer);</c>
/// on one thread, with nothing in between that starts another body.
/// </summary>
internal static class JsonBodyWriter
{
    // A huge error text grows the buffer; past this it is dropped after use rather than kept for the thread's life.
    private const int MaxRetainedBufferBytes = 64 * 1024;
    private const int InitialBufferBytes = 512;

    // Same choice as NotificationStatusJson: non-ASCII error texts stay readable; JSON's own escapes still apply.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _threadWriter;

    public static Utf8JsonWriter Start()
    {
        var buffer = _threadBuffer ??= new ArrayBufferWriter<byte>(InitialBufferBytes);
        buffer.ResetWrittenCount();
        var writer = _threadWriter;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(buffer, WriterOptions);
            _threadWriter = writer;
        }
        else
        {
            writer.Reset(buffer);
        }

        return writer;
    }

    public static byte[] Finish(Utf8JsonWriter writer)
    {
        writer.Flush();
        var buffer = _threadBuffer!;
        var json = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > MaxRetainedBufferBytes)
        {
            _threadBuffer = null;
            writer.Reset();
        }

        return json;
    }
}
