namespace StatusStream.Subscriptions;

/// <summary>Standing subscriptions (adidas API guidelines), configuration section "Subscriptions"; every setting is in docs/configuration.md.</summary>
internal sealed class SubscriptionOptions
{
    public const string SectionName = "Subscriptions";

    /// <summary>Off by default: no topic is read, no route is added, nothing changes for the pipeline.</summary>
    public bool Enabled { get; set; }

    /// <summary>The compacted topic that is the only store: key = subscription id, value = the subscription, tombstone = cancelled.</summary>
    public string Topic { get; set; } = "statusstream.subscriptions";

    /// <summary>AES-256-GCM keys for the secrets on the topic: base64 of 32 bytes each, separated by spaces, commas or new lines, newest first (the newest encrypts).</summary>
    public string EncryptionKey { get; set; } = "";

    /// <summary>The same, from a mounted file (read once at start); never both.</summary>
    public string EncryptionKeyFile { get; set; } = "";

    /// <summary>
    /// Whether records without a tag (written before records were authenticated, 2026-12-08) are read: off by default, so a
    /// record written to the topic by hand is skipped. On for one start after the upgrade: each live subscription (and each
    /// end) whose last record has no tag is written again with one, after which it can be turned off.
    /// </summary>
    public bool AcceptUntaggedRecords { get; set; }

    /// <summary>Per namespace, the SHA-256 (hex) of each of its API keys, separated by spaces or commas: the keys themselves are never configured.</summary>
    public Dictionary<string, string> ApiKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The service part of the default streaming topic: a subscription without callbackUrl gets &lt;namespace&gt;.&lt;StreamService&gt;-callback.</summary>
    public string StreamService { get; set; } = "subscriptions";

    /// <summary>The body profile of a webhook subscription that names none.</summary>
    public string DefaultProfile { get; set; } = "hal";

    /// <summary>Live subscriptions one namespace may hold; creating one more is refused (403).</summary>
    public int MaxPerNamespace { get; set; } = 10_000;

    /// <summary>
    /// Of those, how many may name no event id, service or provider (only an outcome, or nothing): every event of the namespace
    /// looks at each of them, so they bound the matching cost per event; creating one more is refused (403).
    /// </summary>
    public int MaxBroadPerNamespace { get; set; } = 100;

    /// <summary>Event ids one filter may list.</summary>
    public int MaxEventIds { get; set; } = 100;

    /// <summary>Page size of GET /subscriptions when the request names none; and the largest it may ask for.</summary>
    public int DefaultPageSize { get; set; } = 50;

    public int MaxPageSize { get; set; } = 200;

    /// <summary>How long start-up may take to read the topic to its end before the host gives up (exit 1).</summary>
    public double StartTimeoutSeconds { get; set; } = 60;
}
