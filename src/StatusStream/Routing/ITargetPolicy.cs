using StatusStream.Intake;

namespace StatusStream.Routing;

/// <summary>A rule a target must pass before anything is sent to it (which topics an event may write to, which webhook endpoints are known).</summary>
internal interface ITargetPolicy
{
    /// <summary>Null when <paramref name="target"/> may receive <paramref name="notification"/>'s statuses.</summary>
    TargetRefusal? Refuse(NotificationEvent notification, StatusCallback target);
}
