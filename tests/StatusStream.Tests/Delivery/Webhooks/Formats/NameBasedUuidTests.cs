using System.Text;
using StatusStream.Delivery.Webhooks.Formats;

namespace StatusStream.Tests.Delivery.Webhooks.Formats;

public sealed class NameBasedUuidTests
{
    private static readonly Guid DnsNamespace = new("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

    [Fact]
    public void Create_Rfc9562Vector_MatchesPublishedUuid()
    {
        // RFC 9562, Appendix A.4: uuid v5 of "www.example.com" in the DNS namespace.
        var uuid = NameBasedUuid.Create(DnsNamespace, "www.example.com"u8);

        Assert.Equal(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"), uuid);
        Assert.Equal(5, uuid.Version);
    }

    [Fact]
    public void Create_NameLongerThanTheStackBuffer_StillVersion5AndStable()
    {
        var name = Encoding.UTF8.GetBytes(new string('x', 1000));

        var uuid = NameBasedUuid.Create(DnsNamespace, name);

        Assert.Equal(uuid, NameBasedUuid.Create(DnsNamespace, name));
        Assert.Equal(5, uuid.Version);
        Assert.Equal(0b10, uuid.Variant >> 2);
    }
}
