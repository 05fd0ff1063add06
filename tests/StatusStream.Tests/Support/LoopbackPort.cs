using System.Net;
using System.Net.Sockets;

namespace StatusStream.Tests.Support;

/// <summary>A port on 127.0.0.1 that nothing listens on right now: for an app's listener, or for "no broker answers here".</summary>
public static class LoopbackPort
{
    public static int Unused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
