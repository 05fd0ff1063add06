using StatusStream.Intake;

namespace StatusStream.Outbound;

/// <summary>
/// A callback target as it may be shown in logs and headers: a topic as it is, a webhook URL without
/// user info or query string (either may carry a credential).
/// </summary>
internal static class CallbackTargetDisplay
{
    public static string Of(StatusCallback callback)
    {
        if (callback.Type == CallbackType.Kafka)
        {
            return callback.Target;
        }

        return Uri.TryCreate(callback.Target, UriKind.Absolute, out var uri)
            ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
            : "(unparsable url)";
    }
}
