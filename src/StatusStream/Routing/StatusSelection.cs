namespace StatusStream.Routing;

/// <summary>Which of an event's statuses one target takes (a subscription may want only successes, or only one status).</summary>
[Flags]
internal enum StatusSelection
{
    /// <summary>Every status of the event (the event's own callback always).</summary>
    All = 0,

    /// <summary>Only statuses with success = true.</summary>
    SuccessOnly = 1 << 0,

    /// <summary>Only statuses with success = false.</summary>
    FailureOnly = 1 << 1,

    /// <summary>At most one status: the first that the other flags let through (only-once subscriptions).</summary>
    FirstOnly = 1 << 2,
}
