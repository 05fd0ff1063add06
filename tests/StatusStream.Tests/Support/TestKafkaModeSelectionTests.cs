namespace StatusStream.Tests.Support;

public sealed class TestKafkaModeSelectionTests
{
    [Theory]
    [InlineData(null, null, TestKafkaMode.Embedded, null)]
    [InlineData("", " ", TestKafkaMode.Embedded, null)]
    [InlineData("embedded", null, TestKafkaMode.Embedded, null)]
    [InlineData("container", null, TestKafkaMode.Container, null)]
    [InlineData("Container", "", TestKafkaMode.Container, null)]
    [InlineData(null, "localhost:9092", TestKafkaMode.External, "localhost:9092")]
    public void Resolve_Variables_Mode(string? mode, string? bootstrap, TestKafkaMode expected, string? expectedBootstrap)
    {
        Assert.Equal((expected, expectedBootstrap), TestKafkaModeSelection.Resolve(mode, bootstrap));
    }

    [Fact]
    public void Resolve_MisspelledMode_OneLineNamingTheAcceptedValues()
    {
        var failure = Assert.Throws<TestKafkaUnavailableException>(() => TestKafkaModeSelection.Resolve("containers", null));

        Assert.Equal(
            "STATUSSTREAM_TEST_KAFKA='containers' is not a test mode: use 'container' (a Kafka container), 'embedded' or nothing (the embedded cluster), or STATUSSTREAM_TEST_BOOTSTRAP=host:port (a running cluster).",
            failure.Message);
    }

    [Fact]
    public void Resolve_ContainerAndBootstrapBothSet_RefusedRatherThanPickingOne()
    {
        var failure = Assert.Throws<TestKafkaUnavailableException>(() => TestKafkaModeSelection.Resolve("container", "localhost:9092"));

        Assert.Contains("set only one of them", failure.Message, StringComparison.Ordinal);
    }
}
