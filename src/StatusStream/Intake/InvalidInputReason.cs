namespace StatusStream.Intake;

internal enum InvalidInputReason
{
    /// <summary>Empty, not UTF-8, or not a JSON document.</summary>
    NotJson,

    /// <summary>JSON, but not of the shape schemas/notification-event.schema.json requires.</summary>
    SchemaViolation,

    /// <summary>An event_id or recipient that is not a canonical uuid.</summary>
    BadUuid,

    /// <summary>callback.type is neither "kafka" nor "webhook".</summary>
    UnknownCallbackType,

    /// <summary>A kafka target not of the form &lt;namespace&gt;.&lt;service&gt;-callback, or a webhook target that is not an http(s) URL.</summary>
    BadCallbackTarget,
}
