using System.Security.Cryptography;
using System.Text;
using StatusStream.Subscriptions;

namespace StatusStream.Tests.Subscriptions;

public sealed class SecretSealerTests
{
    private static readonly string KeyA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string KeyB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void SealThenOpen_SameAssociatedData_RoundTripsWithoutThePlaintextInTheSealedValue()
    {
        var sealer = Create(KeyA);
        var plaintext = "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0"u8.ToArray();

        var sealedValue = sealer.Seal(plaintext, "id/city");

        Assert.Equal(plaintext, sealer.Open(sealedValue, "id/city"));
        Assert.DoesNotContain("c2VjcmV0", sealedValue.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_AnotherRecordsAssociatedData_Null()
    {
        var sealer = Create(KeyA);

        var sealedValue = sealer.Seal("secret"u8, "id-1/city");

        Assert.Null(sealer.Open(sealedValue, "id-2/city"));
        Assert.Null(sealer.Open(sealedValue, "id-1/parking"));
    }

    [Fact]
    public void Open_Tampered_Null()
    {
        var sealer = Create(KeyA);
        var sealedValue = sealer.Seal("secret"u8, "a");
        var data = Convert.FromBase64String(sealedValue.Data);
        data[0] ^= 1;

        Assert.Null(sealer.Open(sealedValue with { Data = Convert.ToBase64String(data) }, "a"));
    }

    [Fact]
    public void Rotation_NewestFirstSeals_OlderKeyStillOpens_DroppedKeyDoesNot()
    {
        var old = Create(KeyA).Seal("secret"u8, "a");
        var rotated = Create($"{KeyB}, {KeyA}");

        var fresh = rotated.Seal("secret"u8, "a");

        Assert.Equal("secret"u8.ToArray(), rotated.Open(old, "a"));
        Assert.NotEqual(old.KeyId, fresh.KeyId);
        Assert.Null(Create(KeyA).Open(fresh, "a"));
    }

    [Theory]
    [InlineData("", "", "Subscriptions:EncryptionKey or Subscriptions:EncryptionKeyFile is required")]
    [InlineData("c2hvcnQ=", "", "Subscriptions:EncryptionKey: entry 1 is not the base64 of exactly 32 bytes")]
    [InlineData("x", "/some/file", "are both set")]
    [InlineData("", "/no/such/file", "Subscriptions:EncryptionKeyFile: cannot read")]
    public void TryCreate_BadSettings_ErrorNamesTheSettingNeverTheValue(string inline, string file, string expected)
    {
        Assert.False(SecretSealer.TryCreate(new SubscriptionOptions { EncryptionKey = inline, EncryptionKeyFile = file }, out _, out var error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
        if (inline.Length > 1)
        {
            Assert.DoesNotContain(inline, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TryCreate_FromAMountedFile_ReadsIt()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, KeyA + "\n", Encoding.ASCII);

            Assert.True(SecretSealer.TryCreate(new SubscriptionOptions { EncryptionKeyFile = path }, out var sealer, out _));
            Assert.Equal("x"u8.ToArray(), Create(KeyA).Open(sealer!.Seal("x"u8, "a"), "a"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static SecretSealer Create(string keys)
    {
        Assert.True(SecretSealer.TryCreate(new SubscriptionOptions { EncryptionKey = keys }, out var sealer, out var error), error);
        return sealer!;
    }
}
