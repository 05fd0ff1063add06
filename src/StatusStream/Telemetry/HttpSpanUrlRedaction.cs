using System.Diagnostics;
using OpenTelemetry;

namespace StatusStream.Telemetry;

/// <summary>
/// Cuts the URL of HttpClient's own spans (a webhook POST, a Schema Registry call) down to scheme, host and port before
/// they are exported. A webhook URL comes from an event and may carry a credential in its path (chat-style hooks) or
/// query (HttpClient already masks that one as "?*"); the attempt's own span names the endpoint instead.
/// </summary>
internal sealed class HttpSpanUrlRedaction : BaseProcessor<Activity>
{
    // The url.* attributes of OpenTelemetry's HTTP semantic conventions that can hold more than the authority.
    private static readonly string[] PathCarrying = ["url.path", "url.query", "http.url", "http.target"];

    public override void OnEnd(Activity data)
    {
        if (data.Kind != ActivityKind.Client || data.GetTagItem("url.full") is not string full)
        {
            return;
        }

        data.SetTag("url.full", Uri.TryCreate(full, UriKind.Absolute, out var url) ? Intake.WebhookUrl.Display(url) : null);
        foreach (var tag in PathCarrying)
        {
            data.SetTag(tag, null);
        }
    }
}
