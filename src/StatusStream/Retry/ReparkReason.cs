namespace StatusStream.Retry;

/// <summary>Why a held retry record was written back to the retry topic instead of waiting in memory.</summary>
internal enum ReparkReason
{
    /// <summary>Not due within Retry:HoldSeconds, and held that long.</summary>
    Horizon,

    /// <summary>Retry:MaxHeldStatuses were held and it was the furthest due.</summary>
    HeldLimit,
}
