namespace StatusStream.Records;

/// <summary>The service that sent the notification, when the producer says so.</summary>
internal sealed record EventSource(string Namespace, string Service);
