using System.Net;
using System.Net.Sockets;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// Which addresses a webhook may connect to (the SSRF guard's rules). Targets come from events, so
/// an event could otherwise make StatusStream call its cluster's metadata service or an admin port.
/// Always refused: unspecified, link-local (incl. 169.254.169.254 and fd00:ec2::254, the cloud
/// metadata addresses), multicast, broadcast, 0.0.0.0/8, and Webhooks:DeniedNetworks. Loopback and
/// private ranges only when allowed by setting; Webhooks:AllowedNetworks adds exceptions.
/// </summary>
internal sealed class WebhookAddressRules
{
    private static readonly IPNetwork[] AlwaysDenied =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("224.0.0.0/4"),
        IPNetwork.Parse("240.0.0.0/4"), IPNetwork.Parse("::/128"), IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("ff00::/8"), IPNetwork.Parse("fd00:ec2::254/128"),
    ];

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

    /// <summary>Null when <paramref name="address"/> may be connected to; else why not, in one line.</summary>
    public string? Refusal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

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
