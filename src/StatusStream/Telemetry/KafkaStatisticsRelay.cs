using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace StatusStream.Telemetry;

/// <summary>
/// Takes librdkafka's statistics off the client's thread (as Aspire's Kafka component does): the
/// statistics callback runs inside the consumer's poll, on the consume loop, so it only drops the
/// JSON into a small channel (the oldest snapshot gives way: only the latest matters) and this
/// service parses it on its own task and updates the lag gauge.
/// </summary>
internal sealed class KafkaStatisticsRelay(StatusStreamMetrics metrics, IOptions<TelemetryOptions> options) : BackgroundService
{
    /// <summary>librdkafka's statistics.interval.ms for the consumers; 0 = no statistics (and no lag gauge).</summary>
    public int IntervalMs { get; } = (int)(options.Value.KafkaStatisticsIntervalSeconds * 1000);

    private readonly Channel<(string Loop, string Group, string Json)> _snapshots =
        Channel.CreateBounded<(string, string, string)>(new BoundedChannelOptions(8)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });

    /// <summary>Called on the client's thread: never blocks, never parses.</summary>
    public void Post(string loop, string group, string json) => _snapshots.Writer.TryWrite((loop, group, json));

    /// <summary>The loop stopped: its partitions no longer have a lag here.</summary>
    public void Stopped(string loop) => metrics.ClearLag(loop);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (loop, group, json) in _snapshots.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    metrics.ReportLag(loop, group, KafkaStatisticsParser.ConsumerLag(json));
                }
                catch (JsonException)
                {
                    // A snapshot we cannot read changes nothing; the next one comes in a few seconds.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
