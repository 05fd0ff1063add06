namespace StatusStream.Intake;

/// <summary>Why an input record can never be processed; it goes to the dead-letter topic with this.</summary>
internal sealed record InvalidInput(InvalidInputReason Reason, string Detail)
{
    private const int MaxParserMessageChars = 200;

    /// <summary>The stable, lower-case reason code written to the dead-letter header.</summary>
    public string Code => Reason switch
    {
        InvalidInputReason.NotJson => "not-json",
        InvalidInputReason.SchemaViolation => "schema-violation",
        InvalidInputReason.BadUuid => "bad-uuid",
        InvalidInputReason.UnknownCallbackType => "unknown-callback-type",
        InvalidInputReason.BadCallbackTarget => "bad-callback-target",
        InvalidInputReason.LimitExceeded => "limit-exceeded",
        InvalidInputReason.DuplicateRecipient => "duplicate-recipient",
        InvalidInputReason.KeyTooLarge => "key-too-large",
        _ => "invalid-input",
    };

    public static InvalidInput NotJson(string parserMessage) =>
        new(InvalidInputReason.NotJson, $"not JSON: {DetailText.Printable(parserMessage, MaxParserMessageChars)}");

    public static InvalidInput SchemaViolation(string detail) => new(InvalidInputReason.SchemaViolation, detail);

    public static InvalidInput BadUuid(string detail) => new(InvalidInputReason.BadUuid, detail);

    public static InvalidInput BadCallbackTarget(string detail) => new(InvalidInputReason.BadCallbackTarget, detail);

    /// <summary>A key over Intake:MaxKeyBytes: its size and the setting, never its bytes.</summary>
    public static InvalidInput KeyTooLarge(int keyBytes, int limit) =>
        new(InvalidInputReason.KeyTooLarge, $"key: {keyBytes} bytes, more than {IntakeOptions.SectionName}:{nameof(IntakeOptions.MaxKeyBytes)} = {limit}");

    /// <summary>Names the value found and the setting it is over, e.g. "provider: 409600 characters, more than Intake:MaxProviderLength = 128".</summary>
    public static InvalidInput LimitExceeded(string path, long value, string unit, string setting, long limit) =>
        new(InvalidInputReason.LimitExceeded, $"{path}: {value} {unit}, more than {IntakeOptions.SectionName}:{setting} = {limit}");
}
