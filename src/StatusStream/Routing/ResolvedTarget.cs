using StatusStream.Intake;

namespace StatusStream.Routing;

/// <summary>One target an event's statuses go to, or, when <see cref="Refusal"/> is set, why they may not.</summary>
internal sealed record ResolvedTarget(StatusCallback Callback, TargetRefusal? Refusal);
