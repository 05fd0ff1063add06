using StatusStream.Intake;

namespace StatusStream.Tests.Intake;

public sealed class IntakeOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(new IntakeOptionsValidator().Validate(null, new IntakeOptions()).Succeeded);

    [Theory]
    [InlineData(0, 128, 1024, 1048576, "Intake:MaxRecipientsPerEvent")]
    [InlineData(1_000_001, 128, 1024, 1048576, "Intake:MaxRecipientsPerEvent")]
    [InlineData(1000, 0, 1024, 1048576, "Intake:MaxProviderLength")]
    [InlineData(1000, 128, -1, 1048576, "Intake:MaxErrorLength")]
    [InlineData(1000, 128, 1024, 1023, "Intake:MaxOutputBytesPerEvent")]
    public void Validate_OutOfRange_NamesSetting(int recipients, int provider, int error, int outputBytes, string setting)
    {
        var result = new IntakeOptionsValidator().Validate(null, new IntakeOptions
        {
            MaxRecipientsPerEvent = recipients, MaxProviderLength = provider, MaxErrorLength = error, MaxOutputBytesPerEvent = outputBytes,
        });

        Assert.False(result.Succeeded);
        Assert.StartsWith(setting, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoErrorsAllowed_IsAValidChoice() =>
        Assert.True(new IntakeOptionsValidator().Validate(null, new IntakeOptions { MaxErrorLength = 0 }).Succeeded);
}
