namespace StatusStream.Kafka;

/// <summary>Kafka's own rule for topic names, checked before a client would fail on them.</summary>
internal static class TopicName
{
    public static bool IsLegal(string? topic) =>
        !string.IsNullOrEmpty(topic) && topic.Length <= 249 && topic is not ("." or "..")
        && topic.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-');
}
