namespace StatusStream.Intake;

/// <summary>
/// The values of the input's recipients[].status (GOV.UK Notify's delivery receipt statuses), as they are
/// written on the wire. <see cref="Delivered"/> goes with success true, the three failures with success false.
/// </summary>
internal static class DeliveryStates
{
    public const string Delivered = "delivered";
    public const string PermanentFailure = "permanent-failure";
    public const string TemporaryFailure = "temporary-failure";
    public const string TechnicalFailure = "technical-failure";
}
