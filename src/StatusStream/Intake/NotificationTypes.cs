namespace StatusStream.Intake;

/// <summary>The values of the input's notification_type (GOV.UK Notify's), as they are written on the wire.</summary>
internal static class NotificationTypes
{
    public const string Email = "email";
    public const string Sms = "sms";
    public const string Letter = "letter";
}
