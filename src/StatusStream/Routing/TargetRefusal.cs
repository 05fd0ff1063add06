namespace StatusStream.Routing;

/// <summary>Why a target may not receive an event's statuses: a dead-letter reason code and a one-line detail (no secrets).</summary>
internal sealed record TargetRefusal(string Reason, string Detail);
