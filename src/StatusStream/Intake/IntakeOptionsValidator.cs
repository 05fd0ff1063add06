using Microsoft.Extensions.Options;

namespace StatusStream.Intake;

internal sealed class IntakeOptionsValidator : IValidateOptions<IntakeOptions>
{
    // Upper ends keep a typo (an extra zero or three) from switching the protection off.
    private const int MaxRecipientsCeiling = 1_000_000;
    private const int MaxLengthCeiling = 1024 * 1024;
    private const int MinOutputBytes = 1024;
    private const int MaxOutputBytesCeiling = 1024 * 1024 * 1024;
    private const int MinKeyBytes = 64;
    private const int MaxKeyBytesCeiling = 256 * 1024;

    public ValidateOptionsResult Validate(string? name, IntakeOptions options)
    {
        var failures = new List<string>();
        const string Section = IntakeOptions.SectionName;
        if (options.MaxRecipientsPerEvent is < 1 or > MaxRecipientsCeiling)
        {
            failures.Add($"{Section}:MaxRecipientsPerEvent must be between 1 and {MaxRecipientsCeiling} (was {options.MaxRecipientsPerEvent}).");
        }

        if (options.MaxProviderLength is < 1 or > MaxLengthCeiling)
        {
            failures.Add($"{Section}:MaxProviderLength must be between 1 and {MaxLengthCeiling} (was {options.MaxProviderLength}).");
        }

        if (options.MaxErrorLength is < 0 or > MaxLengthCeiling)
        {
            failures.Add($"{Section}:MaxErrorLength must be between 0 and {MaxLengthCeiling} (was {options.MaxErrorLength}).");
        }

        if (options.MaxOutputBytesPerEvent is < MinOutputBytes or > MaxOutputBytesCeiling)
        {
            failures.Add($"{Section}:MaxOutputBytesPerEvent must be between {MinOutputBytes} and {MaxOutputBytesCeiling} (was {options.MaxOutputBytesPerEvent}).");
        }

        if (options.MaxKeyBytes is < MinKeyBytes or > MaxKeyBytesCeiling)
        {
            failures.Add($"{Section}:MaxKeyBytes must be between {MinKeyBytes} and {MaxKeyBytesCeiling} (was {options.MaxKeyBytes}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
