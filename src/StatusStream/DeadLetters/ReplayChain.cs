namespace StatusStream.DeadLetters;

/// <summary>
/// One dead letter and every dead letter that is the same record failing again: an intake record
/// `dlq replay` sent back carries statusstream.replay-of (the chain's first dead letter) onto its
/// next dead letter; a status is the same status when its input record (statusstream.original.*)
/// and its status-id are. <see cref="Root"/> is the chain's first dead letter, by time.
/// </summary>
internal sealed record ReplayChain(string Root, IReadOnlyList<DeadLetter> Members)
{
    /// <summary>Whether a replay already sent some member back (it has a marker).</summary>
    public bool WasReplayed(IReadOnlySet<string> replayed) => Members.Any(m => replayed.Contains(m.Position));

    /// <summary>"0:3 -> 0:8 -> 1:12": the chain as `dlq list` prints it.</summary>
    public string Describe() => string.Join(" -> ", Members.Select(m => m.Position));

    /// <summary>Builds the chains of a set of dead letters (markers excluded), each member in time order.</summary>
    public static IReadOnlyDictionary<string, ReplayChain> Of(IReadOnlyList<DeadLetter> deadLetters)
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
            if (deadLetter.ReplayOf is { } origin && byPosition.ContainsKey(origin))
            {
                Union(deadLetter.Position, origin);
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
