using System.Diagnostics;

namespace StatusStream.Delivery.Webhooks;

/// <summary>
/// A credential's text (an access key, a bearer token). It prints as <c>[redacted]</c> wherever it ends up:
/// string interpolation, a record's generated ToString, a log template, the debugger. Only the code that writes
/// the request header calls <see cref="Reveal"/>.
/// </summary>
[DebuggerDisplay("[redacted]")]
internal sealed class SecretText
{
    public const string Redacted = "[redacted]";

    private readonly string _value;

    public SecretText(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        _value = value;
    }

    public int Length => _value.Length;

    public string Reveal() => _value;

    public override string ToString() => Redacted;
}
