using Microsoft.Win32.SafeHandles;

namespace StatusStream.Embedded;

/// <summary>An owned <c>rd_kafka_t*</c>, destroyed with <c>rd_kafka_destroy</c>.</summary>
internal sealed class RdKafkaHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public RdKafkaHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        LibRdKafkaMock.Destroy(handle);
        return true;
    }
}
