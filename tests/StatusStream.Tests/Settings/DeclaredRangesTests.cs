using StatusStream.Health;
using StatusStream.Intake;
using StatusStream.Pipeline;

namespace StatusStream.Tests.Settings;

/// <summary>
/// Ranges declared with [Range] and checked by the generated validators, reported as the host prints them: one line per
/// setting, named Section:Key, with the range and the value it had.
/// </summary>
public sealed class DeclaredRangesTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new PipelineOptionsValidator().Validate(null, new PipelineOptions()).Succeeded);
        Assert.True(new IntakeOptionsValidator().Validate(null, new IntakeOptions()).Succeeded);
        Assert.True(new HealthOptionsValidator().Validate(null, new HealthOptions()).Succeeded);
    }

    [Theory]
    [InlineData(0, "Health:BrokerTimeoutSeconds must be above 0 and at most 60 (was 0).")]
    [InlineData(60.5, "Health:BrokerTimeoutSeconds must be above 0 and at most 60 (was 60.5).")]
    [InlineData(double.NaN, "Health:BrokerTimeoutSeconds must be above 0 and at most 60 (was NaN).")]
    public void Validate_ExclusiveMinimum_NamesTheSettingItsRangeAndValue(double seconds, string expected)
    {
        var result = new HealthOptionsValidator().Validate(null, new HealthOptions { BrokerTimeoutSeconds = seconds });

        Assert.Equal([expected], result.Failures);
    }

    [Fact]
    public void Validate_ExclusiveMinimumValueJustAbove_Accepted()
    {
        Assert.True(new HealthOptionsValidator().Validate(null, new HealthOptions { BrokerTimeoutSeconds = 0.001 }).Succeeded);
        Assert.True(new HealthOptionsValidator().Validate(null, new HealthOptions { BrokerTimeoutSeconds = 60 }).Succeeded);
    }

    [Fact]
    public void Validate_SeveralOutOfRange_OneLineEachInDeclarationOrder()
    {
        var result = new IntakeOptionsValidator().Validate(null, new IntakeOptions { MaxRecipientsPerEvent = 0, MaxErrorLength = -1, MaxKeyBytes = 63 });

        Assert.Equal(
            [
                "Intake:MaxRecipientsPerEvent must be between 1 and 1000000 (was 0).",
                "Intake:MaxErrorLength must be between 0 and 1048576 (was -1).",
                "Intake:MaxKeyBytes must be between 64 and 262144 (was 63).",
            ],
            result.Failures);
    }

    [Theory]
    [InlineData(1_000_001, 1, 20, "Pipeline:MaxInFlightStatuses must be between 1 and 1000000 (was 1000001).")]
    [InlineData(20_000, double.PositiveInfinity, 20, "Pipeline:CommitIntervalSeconds must be above 0 and at most 60 (was Infinity).")]
    [InlineData(20_000, 1, 0.5, "Pipeline:ShutdownTimeoutSeconds must be between 1 and 300 (was 0.5).")]
    public void Validate_Pipeline_EachRange(int inFlight, double commit, double shutdown, string expected)
    {
        var options = new PipelineOptions { MaxInFlightStatuses = inFlight, CommitIntervalSeconds = commit, ShutdownTimeoutSeconds = shutdown };

        Assert.Equal([expected], new PipelineOptionsValidator().Validate(null, options).Failures);
    }
}
