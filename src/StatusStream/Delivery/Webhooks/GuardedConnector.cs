using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// The connect step of the webhook HTTP handler: resolves the host once, checks every address
/// against <see cref="WebhookAddressRules"/>, and connects to an address that passed. Because the
/// check and the connect use the same resolution, a name cannot resolve to an allowed address for
/// the check and to a forbidden one for the connection (DNS rebinding).
/// </summary>
internal sealed class GuardedConnector(WebhookAddressRules rules, IHostResolver resolver)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await resolver.ResolveAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
        var allowed = new List<IPAddress>(addresses.Length);
        string? refusal = null;
        foreach (var address in addresses)
        {
            if (rules.Refusal(address) is { } why)
            {
                refusal ??= why;
            }
            else
            {
                allowed.Add(address);
            }
        }

        if (allowed.Count == 0)
        {
            throw new WebhookTargetRefusedException(
                $"refused to connect to {endPoint.Host}: {refusal ?? "the name resolved to no address"}");
        }

        SocketException? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }
}
