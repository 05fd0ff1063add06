using StatusStream.Embedded;

namespace StatusStream.Tests.Embedded;

/// <summary>The embedded cluster binds to the one librdkafka Confluent.Kafka loaded, never a second copy.</summary>
public sealed class LoadedLibRdKafkaTests
{
    [Theory]
    [InlineData("librdkafka.so")]
    [InlineData("centos8-librdkafka.so")]
    [InlineData("alpine-librdkafka.so")]
    [InlineData("librdkafka.so.1")]
    [InlineData("librdkafka.dylib")]
    [InlineData("librdkafka.dll")]
    [InlineData("LIBRDKAFKA.DLL")]
    public void IsLibRdKafkaFileName_ShippedVariant_True(string fileName) =>
        Assert.True(LoadedLibRdKafka.IsLibRdKafkaFileName(fileName));

    [Theory]
    [InlineData("librdkafkacpp.dll")]
    [InlineData("librdkafka++.so")]
    [InlineData("librdkafka.so.bak")]
    [InlineData("libsasl2.so.3")]
    [InlineData("librdkafka.a")]
    public void IsLibRdKafkaFileName_OtherFile_False(string fileName) =>
        Assert.False(LoadedLibRdKafka.IsLibRdKafkaFileName(fileName));

    [Fact]
    public void Start_ClusterRunning_ExactlyOneLibRdKafkaIsMappedAndItIsTheOfficialPackagesFile()
    {
        using var cluster = EmbeddedKafkaCluster.Start();

        var loaded = Assert.Single(LoadedLibRdKafka.LoadedPaths());
        // A file of the official librdkafka.redist package, copied next to the tests by the build.
        Assert.True(File.Exists(loaded), loaded);
        Assert.StartsWith(AppContext.BaseDirectory, loaded, StringComparison.Ordinal);
        Assert.StartsWith("2.16.", Confluent.Kafka.Library.VersionString, StringComparison.Ordinal);
    }
}
