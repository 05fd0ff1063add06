namespace StatusStream.Delivery.Webhooks.Formats;

/// <summary>
/// One webhook body a receiver can get, with the JSON Schema in <c>schemas/</c> that describes it: what the OpenAPI
/// document's <c>webhooks</c> section lists (<see cref="WebhookBodySchemas"/>), and what the agreement tests render and
/// validate against the schema.
/// </summary>
/// <param name="Name">The webhook's key in the OpenAPI document.</param>
/// <param name="Profile">The profile that sends it.</param>
/// <param name="ReceivedTextMessage">Whether it carries a received text message rather than a status.</param>
/// <param name="ContentType">The request's content type.</param>
/// <param name="SchemaFile">The schema's file name in <c>schemas/</c>.</param>
/// <param name="Summary">One line for the document.</param>
internal sealed record WebhookBodySchema(
    string Name, WebhookProfile Profile, bool ReceivedTextMessage, string ContentType, string SchemaFile, string Summary);
