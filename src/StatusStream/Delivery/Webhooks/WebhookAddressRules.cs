using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// Which addresses a webhook may connect to (the SSRF guard's rules). Targets come from events, so
/// an event could otherwise make StatusStream call its cluster's metadata service or an admin port.
/// Always refused: unspecified, link-local (incl. 169.254.169.254 and fd00:ec2::254, the cloud
/// metadata addresses), multicast, broadcast, 0.0.0.0/8, and Webhooks:DeniedNetworks. Loopback and
/// private ranges only when allowed by setting; Webhooks:AllowedNetworks adds exceptions. An IPv6 address that
/// carries an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo) is judged by the IPv4 rules too.
/// </summary>
internal sealed class WebhookAddressRules
{
    private static readonly IPNetwork[] AlwaysDenied =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("224.0.0.0/4"),
        IPNetwork.Parse("240.0.0.0/4"), IPNetwork.Parse("::/128"), IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("ff00::/8"), IPNetwork.Parse("fd00:ec2::254/128"),
    ];

    private static readonly byte[] Nat64WellKnown = [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];
    private static readonly byte[] Nat64LocalUse = [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01];

    private static readonly IPNetwork[] Loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];

    private static readonly IPNetwork[] Private =
    [
        IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("fc00::/7"),
    ];

    private readonly bool _allowLoopback;
    private readonly bool _allowPrivate;
    private readonly IPNetwork[] _allowed;
    private readonly IPNetwork[] _denied;

    public WebhookAddressRules(WebhookOptions options)
    {
        _allowLoopback = options.AllowLoopback;
        _allowPrivate = options.AllowPrivateNetworks;
        _allowed = ParseList(options.AllowedNetworks);
        _denied = ParseList(options.DeniedNetworks);
    }

    /// <summary>
    /// Null when <paramref name="address"/> may be connected to; else why not, in one line. An IPv6 address that carries
    /// an IPv4 address (<see cref="EmbeddedIPv4"/>) must pass the rules both as itself and as every IPv4 address it
    /// may carry: a translator or tunnel on the way delivers it there.
    /// </summary>
    public string? Refusal(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            foreach (var (inner, kind) in EmbeddedIPv4(address))
            {
                if (Check(inner) is { } refused)
                {
                    return $"{address} carries {kind} {inner}: {refused}";
                }
            }
        }

        return Check(address);
    }

    /// <summary>
    /// The IPv4 addresses an IPv6 address carries, and how: IPv4-mapped (::ffff:0:0/96), IPv4-compatible (::/96 but
    /// :: and ::1), NAT64 (64:ff9b::/96; the local-use 64:ff9b:1::/48 at each RFC 6052 position its prefix lengths
    /// allow: /48, /56, /64, /96, all of which must pass), 6to4 (2002::/16, bits 16-47) and Teredo (2001::/32, the client: the last 32 bits
    /// with every bit flipped).
    /// </summary>
    public static IEnumerable<(IPAddress Address, string Kind)> EmbeddedIPv4(IPAddress address)
    {
        Span<byte> b = stackalloc byte[16];
        if (address.AddressFamily != AddressFamily.InterNetworkV6 || !address.TryWriteBytes(b, out _))
        {
            return [];
        }

        var found = new List<(IPAddress, string)>();
        if (b[..10].IndexOfAnyExcept((byte)0) < 0 && b[10] == 0xff && b[11] == 0xff)
        {
            found.Add((new IPAddress(b[12..]), "IPv4-mapped"));
        }
        else if (b[..12].IndexOfAnyExcept((byte)0) < 0 && BinaryPrimitives.ReadUInt32BigEndian(b[12..]) > 1)
        {
            found.Add((new IPAddress(b[12..]), "IPv4-compatible"));
        }
        else if (b[..12].SequenceEqual(Nat64WellKnown))
        {
            found.Add((new IPAddress(b[12..]), "NAT64"));
        }
        else if (b[..6].SequenceEqual(Nat64LocalUse))
        {
            // The prefix length of a local-use translator is its operator's choice, so every RFC 6052 layout is read (bits
            // 64-71 are always zero, so a /48 and a /56 split the IPv4 address around them). A reading in 0.0.0.0/8 is the
            // empty positions of a longer prefix's layout, not an address anyone can connect to: skipped.
            foreach (var (candidate, kind) in new[]
            {
                (new IPAddress([b[6], b[7], b[9], b[10]]), "NAT64 (/48)"),
                (new IPAddress([b[7], b[9], b[10], b[11]]), "NAT64 (/56)"),
                (new IPAddress(b[9..13]), "NAT64 (/64)"),
                (new IPAddress(b[12..]), "NAT64 (/96)"),
            })
            {
                if (candidate.GetAddressBytes()[0] != 0)
                {
                    found.Add((candidate, kind));
                }
            }
        }
        else if (b[0] == 0x20 && b[1] == 0x02)
        {
            found.Add((new IPAddress(b[2..6]), "6to4"));
        }
        else if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
        {
            found.Add((new IPAddress([(byte)~b[12], (byte)~b[13], (byte)~b[14], (byte)~b[15]]), "Teredo"));
        }

        return found;
    }

    private string? Check(IPAddress address)
    {
        if (address.Equals(IPAddress.Broadcast) || In(AlwaysDenied, address))
        {
            return $"{address} is an unspecified, link-local, metadata, multicast or broadcast address";
        }

        if (In(_denied, address))
        {
            return $"{address} is in Webhooks:DeniedNetworks";
        }

        if (In(_allowed, address))
        {
            return null;
        }

        if (In(Loopback, address))
        {
            return _allowLoopback ? null : $"{address} is a loopback address (Webhooks:AllowLoopback is false)";
        }

        if (In(Private, address) || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv6SiteLocal))
        {
            return _allowPrivate ? null : $"{address} is in a private range (Webhooks:AllowPrivateNetworks is false)";
        }

        return null;
    }

    /// <summary>Parses a comma-separated CIDR list; throws FormatException naming the bad entry.</summary>
    public static IPNetwork[] ParseList(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(entry => IPNetwork.TryParse(entry, out var network)
                ? network
                : throw new FormatException($"'{entry}' is not a network in CIDR form (e.g. 10.0.0.0/8)"))
            .ToArray();

    private static bool In(IPNetwork[] networks, IPAddress address)
    {
        foreach (var network in networks)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
