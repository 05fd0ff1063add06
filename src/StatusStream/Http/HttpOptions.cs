namespace StatusStream.Http;

/// <summary>The optional HTTP listener (configuration section "Http"): off unless Urls is set.</summary>
internal sealed class HttpOptions
{
    public const string SectionName = "Http";

    /// <summary>Semicolon-separated listen URLs, e.g. "http://0.0.0.0:8080". Empty: no listener.</summary>
    public string Urls { get; set; } = "";

    public bool Enabled => !string.IsNullOrWhiteSpace(Urls);
}
