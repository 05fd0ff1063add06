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

    /// <summary>Over one of the configured <see cref="IntakeOptions"/> limits (recipients, provider or error length, output bytes).</summary>
    LimitExceeded,

    /// <summary>The same recipient listed twice: two statuses would share one status-id with different content.</summary>
    DuplicateRecipient,

    /// <summary>The record's key is longer than Intake:MaxKeyBytes; its value is not read.</summary>
    KeyTooLarge,
}
