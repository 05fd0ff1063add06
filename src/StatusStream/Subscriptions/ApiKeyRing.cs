using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using StatusStream.Intake;

namespace StatusStream.Subscriptions;

/// <summary>
/// Which namespace an API key belongs to. Configuration holds only SHA-256 digests of the keys
/// (Subscriptions:ApiKeys:&lt;namespace&gt;), so neither configuration nor memory holds a usable key. A
/// presented key is hashed and compared with every digest in constant time, all of them every time, so
/// neither timing nor the position of a match tells anything.
/// </summary>
internal sealed class ApiKeyRing
{
    private const int DigestBytes = 32;

    private readonly (string Namespace, byte[] Digest)[] _digests;

    private ApiKeyRing((string, byte[])[] digests) => _digests = digests;

    public IEnumerable<string> Namespaces => _digests.Select(d => d.Namespace).Distinct(StringComparer.Ordinal);

    public static bool TryCreate(IReadOnlyDictionary<string, string> configured, out ApiKeyRing ring, out List<string> errors)
    {
        errors = [];
        var digests = new List<(string, byte[])>();
        foreach (var (ns, list) in configured)
        {
            var setting = $"{SubscriptionOptions.SectionName}:ApiKeys:{ns}";
            if (!CallbackTopicName.IsValid($"{ns}.x{CallbackTopicName.Suffix}"))
            {
                errors.Add($"{setting}: '{ns}' is not a namespace name (a DNS label: a-z, 0-9, '-', 1 to 63 characters).");
                continue;
            }

            var entries = list.Split([' ', ',', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (entries.Length == 0)
            {
                errors.Add($"{setting} holds no key digest.");
            }

            for (var i = 0; i < entries.Length; i++)
            {
                var hex = entries[i].StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? entries[i]["sha256:".Length..] : entries[i];
                if (hex.Length != DigestBytes * 2 || !hex.All(char.IsAsciiHexDigit))
                {
                    errors.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{setting}: entry {i + 1} is not a SHA-256 digest in hex (64 characters; `printf %s \"$KEY\" | sha256sum`)."));
                    continue;
                }

                digests.Add((ns, Convert.FromHexString(hex)));
            }
        }

        ring = new ApiKeyRing([.. digests]);
        return errors.Count == 0;
    }

    /// <summary>The namespace of <paramref name="presented"/>, or null when it is no configured key.</summary>
    public string? NamespaceOf(string presented)
    {
        Span<byte> digest = stackalloc byte[DigestBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), digest);
        string? found = null;
        foreach (var (ns, stored) in _digests)
        {
            // No early exit: every digest is compared whatever matched before.
            if (CryptographicOperations.FixedTimeEquals(digest, stored) & found is null)
            {
                found = ns;
            }
        }

        return found;
    }
}
