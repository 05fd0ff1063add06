using System.Net;
using System.Net.Sockets;

namespace StatusStream.Tests.Support;

/// <summary>A port on 127.0.0.1 that nothing listens on right now: for an app's listener, or for "no broker answers here".</summary>
public static class LoopbackPort
{
    // Below Linux's ephemeral range (32768-60999 by default): a port from there could be handed to any other test's
    // bind to port 0 or outgoing connection between this check and the app binding it (seen once in CI).
    private const int First = 20_000;
    private const int Last = 32_000;

    public static int Unused()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = Random.Shared.Next(First, Last);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return port;
            }
            catch (SocketException) when (attempt < 100)
            {
                // Taken: another.
            }
        }
    }
}
