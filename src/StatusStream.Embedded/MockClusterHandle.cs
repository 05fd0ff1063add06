using Microsoft.Win32.SafeHandles;

namespace StatusStream.Embedded;

/// <summary>
/// An owned <c>rd_kafka_mock_cluster_t*</c>. The cluster lives inside the <c>rd_kafka_t</c> that
/// created it, so it holds a reference on that handle and releases it only after the cluster is
/// destroyed: the client can never be freed first, whatever order the finalizers run in.
/// </summary>
internal sealed class MockClusterHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private RdKafkaHandle? _host;

    public MockClusterHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Keeps <paramref name="host"/> alive until this cluster is released.</summary>
    public void HoldHost(RdKafkaHandle host)
    {
        var added = false;
        host.DangerousAddRef(ref added);
        _host = host;
    }

    protected override bool ReleaseHandle()
    {
        LibRdKafkaMock.ClusterDestroy(handle);
        _host?.DangerousRelease();
        return true;
    }
}
