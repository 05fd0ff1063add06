namespace StatusStream.Outbound;

/// <summary>
/// What an outbound item is. Both kinds take the same path (targets, transports, retry topic, dead letters, replay);
/// the kind says how to build its records and webhook body, and travels in <see cref="InboundMessageHeaders.Kind"/>
/// on StatusStream's own topics so the retry consumer and `dlq replay` rebuild the right one.
/// </summary>
internal enum OutboundKind
{
    /// <summary>One NotificationStatus of a NotificationEvent (City OS status callbacks); no kind header, as before kinds existed.</summary>
    Status,

    /// <summary>One received text message (GOV.UK Notify), forwarded as it is: header value <c>inbound-message</c>.</summary>
    InboundMessage,
}
