using Confluent.Kafka;

namespace StatusStream.Kafka;

/// <summary>
/// Why a client's requests fail, as the client itself reported it last ("Connect to ipv4#10.0.0.5:9092 failed:
/// Connection refused", a TLS or SASL failure): what a timed-out request alone cannot say. Fed from a client's error
/// handler, read when a request gives up.
/// </summary>
internal sealed class LatestClientError
{
    private string? _reason;

    public void Keep(Error error)
    {
        // "1/1 brokers are down" follows the error that says why; keep the one that says why.
        if (error.Code != ErrorCode.Local_AllBrokersDown)
        {
            Volatile.Write(ref _reason, error.Reason);
        }
    }

    /// <summary>The latest reason, or <paramref name="fallback"/> when the client reported none.</summary>
    public string Or(string fallback) => Volatile.Read(ref _reason) ?? fallback;
}
