namespace StatusStream.Delivery.Webhooks.Signing;

/// <summary>
/// The three Standard Webhooks headers of one attempt, with their names. Their values are not secret:
/// a signature does not reveal its key, so these may go into the attempt history.
/// </summary>
/// <param name="Id"><c>webhook-id</c>: the same on every attempt of one status.</param>
/// <param name="Timestamp"><c>webhook-timestamp</c>: unix seconds of this attempt.</param>
/// <param name="Signature"><c>webhook-signature</c>: <c>v1,&lt;base64&gt;</c> per active key, space-separated.</param>
internal readonly record struct StandardWebhookHeaders(string Id, string Timestamp, string Signature)
{
    public const string IdName = "webhook-id";
    public const string TimestampName = "webhook-timestamp";
    public const string SignatureName = "webhook-signature";

    /// <summary>Adds the three headers to a request, replacing any already there.</summary>
    public void ApplyTo(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.Headers;
        headers.Remove(IdName);
        headers.Remove(TimestampName);
        headers.Remove(SignatureName);
        headers.TryAddWithoutValidation(IdName, Id);
        headers.TryAddWithoutValidation(TimestampName, Timestamp);
        headers.TryAddWithoutValidation(SignatureName, Signature);
    }
}
