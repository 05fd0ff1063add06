using StatusStream.Pipeline;

namespace StatusStream.Tests.Pipeline;

public sealed class PipelineOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed() =>
        Assert.True(new PipelineOptionsValidator().Validate(null, new PipelineOptions()).Succeeded);

    [Theory]
    [InlineData(0, 1, 20, "Pipeline:MaxInFlightStatuses")]
    [InlineData(100, 0, 20, "Pipeline:CommitIntervalSeconds")]
    [InlineData(100, 1, 0.5, "Pipeline:ShutdownTimeoutSeconds")]
    public void Validate_OutOfRange_NamesSetting(int inFlight, double commit, double shutdown, string setting)
    {
        var result = new PipelineOptionsValidator().Validate(null, new PipelineOptions
        {
            MaxInFlightStatuses = inFlight, CommitIntervalSeconds = commit, ShutdownTimeoutSeconds = shutdown,
        });
        Assert.False(result.Succeeded);
        Assert.StartsWith(setting, result.FailureMessage, StringComparison.Ordinal);
    }
}
