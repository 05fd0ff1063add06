using System.Buffers;
using System.Runtime.CompilerServices;
using StatusStream.Expansion;

namespace StatusStream.Pipeline;

/// <summary>
/// Room on the stack for the statuses of an event with up to <see cref="Capacity"/> recipients, the common case:
/// they are needed only while they are handed on, and borrowing a pooled array costs a look-up and a wipe per event.
/// </summary>
[InlineArray(Capacity)]
internal struct SmallStatusBuffer
{
    public const int Capacity = 16;

    private NotificationStatus _first;

    /// <summary>
    /// Room for <paramref name="count"/> statuses: in <paramref name="buffer"/> when they fit, else in a pooled array
    /// (<paramref name="pooled"/>), which <see cref="Release"/> wipes and gives back.
    /// </summary>
    public static Span<NotificationStatus> Room(ref SmallStatusBuffer buffer, int count, out NotificationStatus[]? pooled)
    {
        pooled = count <= Capacity ? null : ArrayPool<NotificationStatus>.Shared.Rent(count);
        return pooled is null ? ((Span<NotificationStatus>)buffer)[..count] : pooled.AsSpan(0, count);
    }

    /// <summary>Gives a pooled array back, wiped so it keeps no error text alive; nothing to do for the stack.</summary>
    public static void Release(NotificationStatus[]? pooled)
    {
        if (pooled is not null)
        {
            ArrayPool<NotificationStatus>.Shared.Return(pooled, clearArray: true);
        }
    }
}
