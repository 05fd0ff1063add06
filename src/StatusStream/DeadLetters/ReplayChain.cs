using StatusStream.Records;

namespace StatusStream.DeadLetters;

/// <summary>
/// One dead letter and every dead letter that is the same record failing again: a record `dlq replay`
/// sent back is found by where it landed, which the replay marker names (statusstream.replayed-to) and
/// its next dead letter names as its input (statusstream.original.*); a status is the same status when
/// its input record and its status-id are. Only what StatusStream itself wrote on the dead-letter topic
/// links dead letters: never a header of an input record (statusstream.replay-of on a dead letter other
/// than a marker is ignored: older versions copied it from the input). <see cref="Root"/> is the
/// chain's first dead letter, by time.
/// </summary>
internal sealed record ReplayChain(string Root, IReadOnlyList<DeadLetter> Members)
{
    /// <summary>Whether a replay already sent some member back (it has a marker).</summary>
    public bool WasReplayed(IReadOnlySet<string> replayed) => Members.Any(m => replayed.Contains(m.Position));

    /// <summary>"0:3 -> 0:8 -> 1:12": the chain as `dlq list` prints it.</summary>
    public string Describe() => string.Join(" -> ", Members.Select(m => m.Position));

    /// <summary>Builds the chains of a set of dead letters (markers excluded), each member in time order.</summary>
    /// <param name="replayedTo">From the replay markers: "topic:partition:offset" where a replay re-sent a dead letter -> that dead letter's position.</param>
    public static IReadOnlyDictionary<string, ReplayChain> Of(IReadOnlyList<DeadLetter> deadLetters, IReadOnlyDictionary<string, string>? replayedTo = null)
    {
        var byPosition = deadLetters.ToDictionary(d => d.Position, StringComparer.Ordinal);
        var parent = deadLetters.ToDictionary(d => d.Position, d => d.Position, StringComparer.Ordinal);
        string Find(string position)
        {
            while (parent[position] != position)
            {
                position = parent[position] = parent[parent[position]];
            }

            return position;
        }

        void Union(string a, string b) => parent[Find(a)] = Find(b);

        var sameStatus = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var deadLetter in deadLetters)
        {
            if (replayedTo is not null && deadLetter.OriginalPosition is { } input && replayedTo.TryGetValue(input, out var resentFrom)
                && byPosition.ContainsKey(resentFrom))
            {
                Union(deadLetter.Position, resentFrom);
            }

            if (deadLetter.Stage == DeadLetterHeaders.StageDelivery && deadLetter.StatusId is { } statusId && deadLetter.OriginalTopic is not null)
            {
                var identity = $"{deadLetter.OriginalTopic}\n{deadLetter.OriginalPartition}\n{deadLetter.OriginalOffset}\n{statusId}";
                if (!sameStatus.TryAdd(identity, deadLetter.Position))
                {
                    Union(deadLetter.Position, sameStatus[identity]);
                }
            }
        }

        var chains = new Dictionary<string, ReplayChain>(StringComparer.Ordinal);
        foreach (var group in deadLetters.GroupBy(d => Find(d.Position), StringComparer.Ordinal))
        {
            var members = group.OrderBy(d => d.DeadLetteredAt ?? DateTimeOffset.MaxValue).ThenBy(d => d.Partition).ThenBy(d => d.Offset).ToList();
            var chain = new ReplayChain(members[0].Position, members);
            foreach (var member in members)
            {
                chains[member.Position] = chain;
            }
        }

        return chains;
    }
}
