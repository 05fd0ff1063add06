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
}
