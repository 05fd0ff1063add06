using System.Net;
using System.Net.Sockets;

namespace StatusStream.Embedded;

/// <summary>
/// Listens on a chosen port of 127.0.0.1 and relays every connection to a mock broker's own port. librdkafka's mock
/// brokers always listen on a port the system picks, so a broker restarted on the same address needs this in front
/// (the broker advertises the chosen port in its metadata, so clients never see the other one).
/// </summary>
internal sealed class BrokerPortForwarder : IDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _broker;
    private readonly CancellationTokenSource _stopping = new();

    private BrokerPortForwarder(TcpListener listener, IPEndPoint broker)
    {
        _listener = listener;
        _broker = broker;
    }

    /// <exception cref="SocketException">The port cannot be listened on (e.g. it is taken).</exception>
    public static BrokerPortForwarder Start(int port, IPEndPoint broker)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        var forwarder = new BrokerPortForwarder(listener, broker);
        _ = forwarder.AcceptAsync();
        return forwarder;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Stop();
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = RelayAsync(client, stopping);
        }
    }

    private async Task RelayAsync(Socket client, CancellationToken stopping)
    {
        using (client)
        using (var broker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            client.NoDelay = true;
            broker.NoDelay = true;
            try
            {
                // A broker that is down refuses the connection: the client sees its connection closed, as it would.
                await broker.ConnectAsync(_broker, stopping).ConfigureAwait(false);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                await using var clientStream = new NetworkStream(client, ownsSocket: false);
                await using var brokerStream = new NetworkStream(broker, ownsSocket: false);
                // When one side ends, the other is closed too, so neither waits on a half-open connection.
                await Task.WhenAny(
                    clientStream.CopyToAsync(brokerStream, either.Token),
                    brokerStream.CopyToAsync(clientStream, either.Token)).ConfigureAwait(false);
                await either.CancelAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The connection ends; the client reconnects as it would to a broker that closed it.
            }
        }
    }
}
