using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StatusStream.DeadLetters;
using StatusStream.Expansion;
using StatusStream.Hosting;
using StatusStream.Kafka;
using StatusStream.Records;
using StatusStream.Routing;
using StatusStream.Subscriptions;

namespace StatusStream.Replay;

/// <summary>
/// What `dlq replay` checks dead letters with: the processor's own intake limits, routing policies and (when
/// Subscriptions:Enabled) the live subscriptions, from the same settings as `run`, and the original records of the dead
/// letters. The host is built, never started: only the subscriptions topic is read, to its end, when a dead letter names
/// a subscription.
/// </summary>
internal sealed class ReplaySession : IDisposable
{
    private readonly IHost _host;
    private readonly ReplayVerifier _verifier;
    private readonly OriginalRecords _originals;
    private readonly SubscriptionTopicFollower? _follower;

    private ReplaySession(IHost host, ReplayVerifier verifier, OriginalRecords originals, SubscriptionTopicFollower? follower)
    {
        _host = host;
        _verifier = verifier;
        _originals = originals;
        _follower = follower;
    }

    /// <param name="overrides">The command's settings, as `run` takes them (already checked).</param>
    /// <param name="deadLetters">The dead letters about to be replayed: their original records are read now.</param>
    public static ReplaySession Open(IReadOnlyDictionary<string, string?> overrides, IReadOnlyList<DeadLetter> deadLetters, TimeSpan deadline, TimeProvider time)
    {
        var builder = StatusStreamHost.CreateBuilder(overrides);
        builder.AddStatusPipeline();
        var host = StatusStreamHost.Build(builder);
        try
        {
            var services = host.Services;
            var kafka = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KafkaOptions>>().Value;
            var verifier = new ReplayVerifier(kafka, services.GetRequiredService<FanOutAdmission>(), services.GetRequiredService<CallbackTargets>(),
                services.GetRequiredService<InputTopicNamespaces>());
            var follower = deadLetters.Any(d => HeaderText.GetOrNull(d.Message.Headers, StatusHeaders.SubscriptionId) is not null)
                ? services.GetService<SubscriptionTopicFollower>()
                : null;
            follower?.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
            var originals = OriginalRecords.Read(kafka, services.GetRequiredService<KafkaClientFactory>(), deadLetters, verifier.IsInputTopic, deadline, time);
            return new ReplaySession(host, verifier, originals, follower);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>The record that replays <paramref name="deadLetter"/>, or null with why not (<see cref="ReplayVerifier.Verify"/>).</summary>
    public (string Topic, Message<byte[], byte[]> Message)? Verify(DeadLetter deadLetter, string chainRoot, DateTimeOffset now, out string why) =>
        _verifier.Verify(deadLetter, _originals, chainRoot, now, out why);

    public void Dispose()
    {
        _follower?.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        _host.Dispose();
    }
}
