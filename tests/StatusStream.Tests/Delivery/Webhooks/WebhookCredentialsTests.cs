using Microsoft.Extensions.Configuration;
using StatusStream.Delivery.Webhooks;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Delivery.Webhooks.Signing;
using StatusStream.Tests.Delivery.Webhooks.Signing;

namespace StatusStream.Tests.Delivery.Webhooks;

public sealed class WebhookCredentialsTests : IDisposable
{
    private const string Path = "Webhooks:Endpoints:notify";
    private const string AccessKeyValue = "osp-access-key-7f3a";
    private const string BearerValue = "notify-bearer-token-91c2";
    private static readonly string NewSecret = WebhookSigningKeyTests.Secret(32, seed: 11);
    private static readonly string OldSecret = WebhookSigningKeyTests.Secret(32, seed: 12);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("statusstream-credentials-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void TryLoad_InlineValues_AllLoadedSecretsInConfiguredOrder()
    {
        var options = new WebhookCredentialsOptions { AccessKey = AccessKeyValue, BearerToken = BearerValue, SigningSecrets = $"{NewSecret} {OldSecret}" };

        var credentials = Load(options, WebhookProfile.CityOs);

        Assert.Equal(AccessKeyValue, credentials.AccessKey?.Reveal());
        Assert.Equal(BearerValue, credentials.BearerToken?.Reveal());
        Assert.True(credentials.Signs);
        Assert.Equal(
            StandardWebhookSigner.SignatureHeader("id", 1, "{}"u8, [Key(NewSecret), Key(OldSecret)]),
            StandardWebhookSigner.SignatureHeader("id", 1, "{}"u8, credentials.SigningKeys));
    }

    [Fact]
    public void TryLoad_MountedFiles_ReadAndTrimmed()
    {
        var options = new WebhookCredentialsOptions
        {
            AccessKeyFile = WriteFile("access-key", AccessKeyValue + "\n"),
            BearerTokenFile = WriteFile("token", "  " + BearerValue + "\r\n"),
            SigningSecretsFile = WriteFile("secrets", $"{NewSecret}\n{OldSecret}\n"),
        };

        var credentials = Load(options, WebhookProfile.Osp);

        Assert.Equal(AccessKeyValue, credentials.AccessKey?.Reveal());
        Assert.Equal(BearerValue, credentials.BearerToken?.Reveal());
        Assert.Equal(2, credentials.SigningKeys.Count);
    }

    [Fact]
    public void TryLoad_NothingForCityOs_NoCredentials()
    {
        var credentials = Load(new WebhookCredentialsOptions(), WebhookProfile.CityOs);

        Assert.Null(credentials.AccessKey);
        Assert.Null(credentials.BearerToken);
        Assert.False(credentials.Signs);
    }

    [Fact]
    public void TryLoad_OspWithoutAccessKey_RequiredNamingTheSetting()
    {
        var errors = Errors(new WebhookCredentialsOptions { BearerToken = BearerValue }, WebhookProfile.Osp);

        Assert.Equal($"{Path}:AccessKey (or AccessKeyFile) is required for the osp profile: OSP callbacks carry an access-key header.", Assert.Single(errors));
    }

    [Fact]
    public void TryLoad_GovUkNotifyWithoutBearerToken_RequiredNamingTheSetting()
    {
        var errors = Errors(new WebhookCredentialsOptions { AccessKey = AccessKeyValue }, WebhookProfile.GovUkNotify);

        Assert.StartsWith($"{Path}:BearerToken (or BearerTokenFile) is required", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void TryLoad_ShortBearerToken_ErrorNamesTheSettingNotTheValue()
    {
        var errors = Errors(new WebhookCredentialsOptions { BearerToken = "short-tok" }, WebhookProfile.GovUkNotify);

        Assert.Equal($"{Path}:BearerToken must be at least 10 characters (GOV.UK Notify's minimum).", Assert.Single(errors));
    }

    [Fact]
    public void TryLoad_TenCharacterBearerToken_Accepted() =>
        Assert.Equal("0123456789", Load(new WebhookCredentialsOptions { BearerToken = "0123456789" }, WebhookProfile.GovUkNotify).BearerToken?.Reveal());

    [Fact]
    public void TryLoad_InlineAndFileBoth_ErrorNamesBoth()
    {
        var errors = Errors(new WebhookCredentialsOptions { AccessKey = AccessKeyValue, AccessKeyFile = WriteFile("k", AccessKeyValue) }, WebhookProfile.Osp);

        Assert.Equal($"{Path}:AccessKey and {Path}:AccessKeyFile are both set; set one.", Assert.Single(errors));
    }

    [Fact]
    public void TryLoad_MissingFile_ErrorNamesTheSettingAndPath()
    {
        var missing = System.IO.Path.Combine(_directory.FullName, "no-such-file");

        var errors = Errors(new WebhookCredentialsOptions { BearerTokenFile = missing }, WebhookProfile.GovUkNotify);

        Assert.Equal($"{Path}:BearerTokenFile: '{missing}' does not exist.", Assert.Single(errors));
    }

    [Fact]
    public void TryLoad_EmptyFile_ErrorSaysEmpty()
    {
        var file = WriteFile("empty", "\n");

        var errors = Errors(new WebhookCredentialsOptions { AccessKeyFile = file }, WebhookProfile.Osp);

        Assert.Equal($"{Path}:AccessKeyFile ('{file}') is empty.", Assert.Single(errors));
    }

    [Fact]
    public void TryLoad_LineBreakInsideAValue_RefusedWithoutPrintingIt()
    {
        var errors = Errors(new WebhookCredentialsOptions { AccessKey = "key-part-1\r\nX-Injected: yes" }, WebhookProfile.Osp);

        Assert.Equal($"{Path}:AccessKey contains a line break or another control character.", Assert.Single(errors));
    }

    [Fact]
    public void TryLoad_BadSigningSecret_ErrorGivesItsPositionNotItsValue()
    {
        const string typo = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS";

        var errors = Errors(new WebhookCredentialsOptions { SigningSecrets = $"{NewSecret},{typo}" }, WebhookProfile.CityOs);

        Assert.Equal($"{Path}:SigningSecrets: secret 2 of 2 is not {WebhookSigningKey.ExpectedForm}.", Assert.Single(errors));
    }

    [Fact]
    public void TryLoad_EveryKindOfBadValue_NoMessageContainsAValue()
    {
        string[] values = ["short-tok", "key\u0007bell", "whsec_c2VjcmV0LXRvby1zaG9ydA==", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", AccessKeyValue];
        var errors = new List<string>();
        errors.AddRange(Errors(new WebhookCredentialsOptions { BearerToken = values[0], AccessKey = values[1], SigningSecrets = $"{values[2]} {values[3]}" }, WebhookProfile.GovUkNotify));
        errors.AddRange(Errors(new WebhookCredentialsOptions { AccessKey = values[4], AccessKeyFile = WriteFile("a", values[4]) }, WebhookProfile.Osp));
        errors.AddRange(Errors(new WebhookCredentialsOptions { BearerTokenFile = WriteFile("b", values[0]) }, WebhookProfile.GovUkNotify));

        Assert.True(errors.Count >= 6, string.Join(Environment.NewLine, errors));
        Assert.All(errors, error => Assert.All(values, value => Assert.DoesNotContain(value, error, StringComparison.Ordinal)));
    }

    [Fact]
    public void ToString_CredentialsAndOptions_ShowWhatIsSetNeverAValue()
    {
        var options = new WebhookCredentialsOptions { AccessKey = AccessKeyValue, BearerTokenFile = WriteFile("t", BearerValue), SigningSecrets = NewSecret };
        var credentials = Load(options, WebhookProfile.Osp);

        var printed = $"{options} | {credentials} | {credentials.AccessKey} | {credentials.BearerToken} | {credentials.SigningKeys[0]}";

        Assert.DoesNotContain(AccessKeyValue, printed, StringComparison.Ordinal);
        Assert.DoesNotContain(BearerValue, printed, StringComparison.Ordinal);
        Assert.DoesNotContain(NewSecret[WebhookSigningKey.Prefix.Length..], printed, StringComparison.Ordinal);
        Assert.Contains("BearerTokenFile=" + options.BearerTokenFile, printed, StringComparison.Ordinal);
        Assert.Contains("signing keys: 1", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyTo_Request_AddsAccessKeyAndBearerOnce()
    {
        var credentials = Load(new WebhookCredentialsOptions { AccessKey = AccessKeyValue, BearerToken = BearerValue }, WebhookProfile.Osp);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("http://127.0.0.1/callback"));

        credentials.ApplyTo(request);
        credentials.ApplyTo(request);

        Assert.Equal([AccessKeyValue], request.Headers.GetValues("access-key"));
        Assert.Equal(["Bearer " + BearerValue], request.Headers.GetValues("Authorization"));
    }

    [Fact]
    public void TryLoad_BoundFromConfiguration_WithEnvironmentStyleSecretList()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{Path}:BearerTokenFile"] = WriteFile("token", BearerValue + "\n"),
                [$"{Path}:SigningSecrets"] = $"{NewSecret} {OldSecret}",
            })
            .Build();
        var options = configuration.GetSection(Path).Get<WebhookCredentialsOptions>(binder => binder.ErrorOnUnknownConfiguration = true)!;

        var credentials = Load(options, WebhookProfile.GovUkNotify);

        Assert.Equal(BearerValue, credentials.BearerToken?.Reveal());
        Assert.Equal(2, credentials.SigningKeys.Count);
    }

    private static WebhookSigningKey Key(string secret) =>
        WebhookSigningKey.TryParse(secret, out var key) ? key : throw new ArgumentException("test secret does not parse", nameof(secret));

    private static WebhookCredentials Load(WebhookCredentialsOptions options, WebhookProfile profile)
    {
        Assert.True(WebhookCredentials.TryLoad(options, Path, profile, out var credentials, out var errors), string.Join(Environment.NewLine, errors));
        return credentials;
    }

    private static IReadOnlyList<string> Errors(WebhookCredentialsOptions options, WebhookProfile profile)
    {
        Assert.False(WebhookCredentials.TryLoad(options, Path, profile, out var credentials, out var errors));
        Assert.Null(credentials);
        return errors;
    }

    private string WriteFile(string name, string content)
    {
        var path = System.IO.Path.Combine(_directory.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }
}
