using System.Text;

namespace StatusStream.Tests.Support;

/// <summary>One request a <see cref="WebhookReceiver"/> got, and what it answered.</summary>
public sealed record ReceivedRequest(int Number, string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body, int Answered)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
}
