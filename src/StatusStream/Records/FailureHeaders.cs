using System.Globalization;

namespace StatusStream.Records;

/// <summary>
/// Header names of a status's failure history, written on retry records and dead letters alike, so
/// a dead letter carries the same history its retries did (documented in docs/topics-and-headers.md).
/// </summary>
internal static class FailureHeaders
{
    /// <summary>When the first attempt failed (RFC 3339, UTC).</summary>
    public const string FirstFailureAt = "statusstream.retry.first-failure-at";

    /// <summary>Class of the last failure: "transient", "permanent".</summary>
    public const string ErrorClass = "statusstream.error.class";

    /// <summary>The last failure, e.g. "kafka:UnknownTopicOrPart: Broker: Unknown topic or partition" or "http:503 ..." (bounded).</summary>
    public const string ErrorMessage = "statusstream.error.message";

    /// <summary>Every attempt so far, bounded: see <see cref="FailureHistory"/>.</summary>
    public const string History = "statusstream.history";

    /// <summary>RFC 3339 in UTC at full precision, so a time read back is never earlier than the one written.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
