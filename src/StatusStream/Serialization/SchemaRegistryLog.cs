using Microsoft.Extensions.Logging;

namespace StatusStream.Serialization;

/// <summary>Log lines of Schema Registry support (event ids 22xx, beside delivery's 2xxx). Never a credential.</summary>
internal static partial class SchemaRegistryLog
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Information,
        Message = "Schema Registry: callback records are written in the JSON Schema wire format; registry {Url}, basic auth {BasicAuth}, auto-register {AutoRegister}")]
    public static partial void Enabled(ILogger logger, string url, bool basicAuth, bool autoRegister);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Schema Registry: subject {Subject} has schema id {SchemaId}")]
    public static partial void SchemaIdKnown(ILogger logger, string subject, int schemaId);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning,
        Message = "Schema Registry: no schema id for subject {Subject}; its statuses go to the retry topic: {Error}")]
    public static partial void SchemaIdUnavailable(ILogger logger, string subject, string error);
}
