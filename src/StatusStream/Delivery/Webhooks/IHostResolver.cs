using System.Net;

namespace StatusStream.Delivery.Webhooks;

/// <summary>Resolves a webhook host name; a seam so tests can make a name resolve to a denied address.</summary>
internal interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
