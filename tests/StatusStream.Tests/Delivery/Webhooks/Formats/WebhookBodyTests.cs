using System.Net;
using System.Net.Sockets;
using System.Text;
using StatusStream.Delivery.Webhooks.Formats;

namespace StatusStream.Tests.Delivery.Webhooks.Formats;

public sealed class WebhookBodyTests
{
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token;

    [Fact]
    public async Task ToHttpContent_OspContentType_GoesOnTheWireWithoutASpace()
    {
        // A parsed MediaTypeHeaderValue would send "application/json; charset=UTF-8"; OSP's documentation shows it without the space.
        var body = new OspEventFormat().Render(WebhookSamples.Bare(), WebhookSamples.Context());
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });

        var send = client.PostAsync(new Uri($"http://127.0.0.1:{port}/callback"), body.ToHttpContent(), Timeout);
        var (head, received) = await ReceiveOneRequestAsync(listener, Timeout);
        using var response = await send;

        Assert.Contains("\r\nContent-Type: application/json;charset=UTF-8\r\n", head, StringComparison.Ordinal);
        Assert.Equal(body.Content, received);
    }

    private static async Task<(string Head, byte[] Body)> ReceiveOneRequestAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        using var socket = await listener.AcceptSocketAsync(cancellationToken);
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOfHeadEnd(received)) < 0)
        {
            var read = await socket.ReceiveAsync(buffer, cancellationToken);
            Assert.NotEqual(0, read);
            received.AddRange(buffer.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString(received.GetRange(0, headEnd).ToArray());
        var lengthLine = head.Split("\r\n").Single(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        while (received.Count < headEnd + 4 + length)
        {
            var read = await socket.ReceiveAsync(buffer, cancellationToken);
            Assert.NotEqual(0, read);
            received.AddRange(buffer.AsSpan(0, read));
        }

        await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), cancellationToken);
        return (head + "\r\n", received.GetRange(headEnd + 4, length).ToArray());
    }

    private static int IndexOfHeadEnd(List<byte> received) =>
        System.Runtime.InteropServices.CollectionsMarshal.AsSpan(received).IndexOf("\r\n\r\n"u8);
}
