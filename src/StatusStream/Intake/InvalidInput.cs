namespace StatusStream.Intake;

/// <summary>Why an input record can never be processed; it goes to the dead-letter topic with this.</summary>
internal sealed record InvalidInput(InvalidInputReason Reason, string Detail)
{
    /// <summary>The stable, lower-case reason code written to the dead-letter header.</summary>
    public string Code => Reason switch
    {
        InvalidInputReason.NotJson => "not-json",
        InvalidInputReason.SchemaViolation => "schema-violation",
        InvalidInputReason.BadUuid => "bad-uuid",
        InvalidInputReason.UnknownCallbackType => "unknown-callback-type",
        InvalidInputReason.BadCallbackTarget => "bad-callback-target",
        _ => "invalid-input",
    };
}
