using System.Text;
using System.Text.Json;

namespace StatusStream.Intake;

/// <summary>
/// Decodes string values that repeat from event to event, a sender's provider and its callback target, to one shared
/// string per distinct value instead of a new string per event.
/// </summary>
/// <remarks>
/// <para>One table per thread (the consume loop reads events on one thread), so there is no lock. It is bounded: at
/// <see cref="Capacity"/> distinct values it starts over, so a stream of ever-new values costs one decode each, as
/// without it, and never more memory than the bound. Only short, unescaped values are kept; others decode as before.</para>
/// <para>Not for text that may carry personal data (a recipient's error text): that must not outlive its event.</para>
/// </remarks>
internal static class RepeatedText
{
    /// <summary>Longest value kept, in UTF-8 bytes.</summary>
    public const int MaxLength = 256;

    /// <summary>Most distinct values kept per thread.</summary>
    public const int Capacity = 1024;

    // Slots for the first values read, found by their UTF-8 bytes: a sender's events repeat a few values, and a
    // byte comparison spares decoding and hashing them. A power of two (the slot is picked by masking).
    private const int Slots = 8;

    // The table, seen through its lookup by span (taking the lookup checks the comparer's type on every call).
    [ThreadStatic]
    private static Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> t_known;

    [ThreadStatic]
    private static SlottedValue[]? t_slots;

    /// <summary>The current string token's value; the caller has checked that it is a decodable string.</summary>
    public static string Read(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxLength)
        {
            return reader.GetString()!;
        }

        var utf8 = reader.ValueSpan;
        var slots = t_slots ??= new SlottedValue[Slots];
        ref var slot = ref slots[SlotOf(utf8)];
        if (slot.Utf8 is { } known && utf8.SequenceEqual(known))
        {
            return slot.Text;
        }

        var text = Decode(ref reader);
        if (slot.Utf8 is null)
        {
            // A taken slot is kept (until the table starts over): replacing it on every miss would allocate a copy
            // per read whenever two values that alternate share a slot. A value without a slot decodes as before.
            slot = new SlottedValue(utf8.ToArray(), text);
        }

        return text;
    }

    private static int SlotOf(ReadOnlySpan<byte> utf8) =>
        utf8.IsEmpty ? 0 : (utf8.Length + utf8[0] + (utf8[^1] << 1)) & (Slots - 1);

    private static string Decode(ref Utf8JsonReader reader)
    {
        // The document was checked to be valid UTF-8 before reading started, so this decodes exactly as GetString does.
        // At most one char per byte, and at most MaxLength bytes: sized to the value, since the stack space is zeroed.
        Span<char> chars = stackalloc char[reader.ValueSpan.Length];
        var text = chars[..Encoding.UTF8.GetChars(reader.ValueSpan, chars)];
        var lookup = t_known;
        if (lookup.Dictionary is null)
        {
            lookup = new Dictionary<string, string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
            t_known = lookup;
        }

        if (lookup.TryGetValue(text, out var value))
        {
            return value;
        }

        var known = lookup.Dictionary;
        if (known.Count == Capacity)
        {
            // Starting over empties the slots too: they hold strings of the table, and memory stays bounded.
            known.Clear();
            Array.Clear(t_slots!);
        }

        value = text.ToString();
        known.Add(value, value);
        return value;
    }

    private readonly record struct SlottedValue(byte[] Utf8, string Text);
}
