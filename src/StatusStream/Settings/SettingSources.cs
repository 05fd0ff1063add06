namespace StatusStream.Settings;

/// <summary>Where settings come from, for messages that name a setting's source (the host reads the same prefix).</summary>
internal static class SettingSources
{
    /// <summary>Environment variables with this prefix are settings: STATUSSTREAM_Kafka__GroupId is Kafka:GroupId.</summary>
    public const string EnvironmentPrefix = "STATUSSTREAM_";
}
