using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StatusStream.Subscriptions;

/// <summary>
/// The upgrade path for records written before records were tagged: with Subscriptions:AcceptUntaggedRecords on, once the
/// follower has read the topic to its end (it starts first), every subscription whose last record had no tag is written again
/// as it now is, tagged: a live one as its record, an ended one as a tombstone. After one such start (with no instance of
/// the older version still writing) the setting can go off and untagged records are skipped again.
/// </summary>
internal sealed class UntaggedRecordResealer(
    IOptions<SubscriptionOptions> options,
    SubscriptionTopicFollower follower,
    SubscriptionStore store,
    SubscriptionWriter writer,
    ILogger<UntaggedRecordResealer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.AcceptUntaggedRecords)
        {
            return;
        }

        var written = 0;
        foreach (var id in follower.TakeUntagged())
        {
            var (live, endedIn, reason) = store.Current(id);
            try
            {
                if (live is not null)
                {
                    await writer.SaveAsync(live, cancellationToken).ConfigureAwait(false);
                }
                else if (endedIn is not null)
                {
                    await writer.EndAsync(id, endedIn, reason, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    continue; // an end without a namespace, of nothing this instance knew: nothing to keep
                }

                written++;
            }
            catch (KafkaException e)
            {
                // Not fatal: see the log line.
                SubscriptionLog.RetagFailed(logger, id, e.Error.Code.ToString(), e.Error.Reason);
            }
        }

        SubscriptionLog.Retagged(logger, written);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
