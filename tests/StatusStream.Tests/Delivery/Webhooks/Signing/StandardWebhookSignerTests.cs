using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Delivery.Webhooks.Signing;

namespace StatusStream.Tests.Delivery.Webhooks.Signing;

/// <summary>
/// Our signatures against the Standard Webhooks specification's published test vector and against the
/// StandardWebhooks 1.1.2 package, the library a .NET receiver verifies with.
/// </summary>
public sealed class StandardWebhookSignerTests
{
    // The specification's test vector (standard-webhooks, libraries/*/tests: "verifyWebhookSignWorks").
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorBody = """{"test": 2432232314}""";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly string NewSecret = WebhookSigningKeyTests.Secret(32, seed: 2);
    private static readonly string OldSecret = WebhookSigningKeyTests.Secret(32, seed: 3);

    // The package's Verify reads the real clock (5 minutes' tolerance), so signed-and-verified tests start at real now.
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());

    [Fact]
    public void SignatureHeader_SpecificationVector_MatchesPublishedSignature()
    {
        var signature = StandardWebhookSigner.SignatureHeader(VectorId, VectorTimestamp, Encoding.UTF8.GetBytes(VectorBody), [Key(VectorSecret)]);

        Assert.Equal(VectorSignature, signature);
    }

    [Fact]
    public void LibrarySign_SpecificationVector_MatchesPublishedSignature()
    {
        // The vector as the brief quotes it, checked against the reference library itself.
        var signature = new StandardWebhook(VectorSecret).Sign(VectorId, DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp), VectorBody);

        Assert.Equal(VectorSignature, signature);
    }

    [Fact]
    public void SignatureHeader_ManyInputs_EqualsLibrarySign()
    {
        var random = new Random(20261125);
        const string alphabet = "abcXYZ019 {}\":,.\\/\n\té日本語🚀\u00a0<>&'+";
        for (var i = 0; i < 300; i++)
        {
            var body = new string(Enumerable.Range(0, random.Next(0, 2000)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            body = body.Replace("\ud83d", "", StringComparison.Ordinal).Replace("\ude80", "", StringComparison.Ordinal); // no lone surrogates
            var secret = WebhookSigningKeyTests.Secret(random.Next(WebhookSigningKey.MinKeyBytes, WebhookSigningKey.MaxKeyBytes + 1), seed: i);
            var id = $"{Guid.NewGuid()}:{Guid.NewGuid()}";
            var timestamp = random.NextInt64(0, 4_000_000_000);

            var ours = StandardWebhookSigner.SignatureHeader(id, timestamp, Encoding.UTF8.GetBytes(body), [Key(secret)]);

            Assert.Equal(new StandardWebhook(secret).Sign(id, DateTimeOffset.FromUnixTimeSeconds(timestamp), body), ours);
        }
    }

    [Theory]
    [InlineData("cityos")]
    [InlineData("osp")]
    [InlineData("govuk-notify")]
    [InlineData("hal")]
    public void Sign_EachProfilesBody_VerifiesWithStandardWebhooks(string profileName)
    {
        Assert.True(WebhookProfileName.TryParse(profileName, out var profile));
        var status = WebhookSamples.Detailed();
        var body = new WebhookBodyRenderer().Render(profile, status, WebhookSamples.Context(subscription: new HalSubscriptionLink("/s/1", "1")));

        var headers = Signer().Sign(status, body.Content, [Key(NewSecret)]);

        Verify(NewSecret, body.Content, headers); // throws when it does not verify
    }

    [Fact]
    public void Sign_Status_IdIsTheStatusIdAndTimestampIsTheClocksUnixSeconds()
    {
        var status = WebhookSamples.Bare();

        var headers = Signer().Sign(status, "{}"u8, [Key(NewSecret)]);

        Assert.Equal(status.StatusId, headers.Id);
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), headers.Timestamp);
    }

    [Fact]
    public void Sign_RetryLater_SameIdFreshTimestamp()
    {
        var status = WebhookSamples.Bare();
        var body = NotificationBody(status);
        var signer = Signer();
        var first = signer.Sign(status, body, [Key(NewSecret)]);

        _clock.Advance(TimeSpan.FromSeconds(93));
        var retry = signer.Sign(status, body, [Key(NewSecret)]);

        Assert.Equal(first.Id, retry.Id);
        Assert.Equal(long.Parse(first.Timestamp, CultureInfo.InvariantCulture) + 93, long.Parse(retry.Timestamp, CultureInfo.InvariantCulture));
        Assert.NotEqual(first.Signature, retry.Signature);
        Verify(NewSecret, body, retry);
    }

    [Fact]
    public void Verify_TimestampTenMinutesOld_Fails()
    {
        // Why every attempt takes a fresh timestamp: receivers refuse one more than 5 minutes off.
        var body = NotificationBody(WebhookSamples.Bare());
        var stale = new StandardWebhookSigner(new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddMinutes(-10)));

        var headers = stale.Sign(WebhookSamples.Bare(), body, [Key(NewSecret)]);

        Assert.Throws<WebhookVerificationException>(() => Verify(NewSecret, body, headers));
    }

    [Fact]
    public void Verify_TamperedBody_Fails()
    {
        var body = NotificationBody(WebhookSamples.Bare());
        var headers = Signer().Sign(WebhookSamples.Bare(), body, [Key(NewSecret)]);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("true", "false", StringComparison.Ordinal));

        Verify(NewSecret, body, headers);
        Assert.Throws<WebhookVerificationException>(() => Verify(NewSecret, tampered, headers));
    }

    [Fact]
    public void Verify_TamperedTimestamp_Fails()
    {
        var body = NotificationBody(WebhookSamples.Bare());
        var headers = Signer().Sign(WebhookSamples.Bare(), body, [Key(NewSecret)]);
        var oneSecondLater = (long.Parse(headers.Timestamp, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);

        Assert.Throws<WebhookVerificationException>(() => Verify(NewSecret, body, headers with { Timestamp = oneSecondLater }));
    }

    [Fact]
    public void Verify_WrongSecret_Fails()
    {
        var body = NotificationBody(WebhookSamples.Bare());

        var headers = Signer().Sign(WebhookSamples.Bare(), body, [Key(NewSecret)]);

        Assert.Throws<WebhookVerificationException>(() => Verify(OldSecret, body, headers));
    }

    [Fact]
    public void Sign_Rotation_OneSignaturePerKeyInKeyOrderEachVerifyingWithItsSecret()
    {
        var body = NotificationBody(WebhookSamples.Bare());

        var headers = Signer().Sign(WebhookSamples.Bare(), body, [Key(NewSecret), Key(OldSecret)]);

        var signatures = headers.Signature.Split(' ');
        Assert.Equal(2, signatures.Length);
        Assert.All(signatures, s => Assert.StartsWith("v1,", s, StringComparison.Ordinal));
        // A verifier that tries every signature (npm standardwebhooks, the specification's rule) accepts either secret:
        Verify(NewSecret, body, headers with { Signature = signatures[0] });
        Verify(OldSecret, body, headers with { Signature = signatures[1] });
    }

    [Fact]
    public void Verify_RotationWithDotnetPackage_OnlyTheFirstSignaturesSecretVerifies()
    {
        // The caveat of StandardWebhooks 1.1.2: its Verify compares only the first signature of the
        // header. Newest first means receivers that moved to the new secret verify; ones still on the old secret,
        // with this package, do not until they move (docs/webhooks.md, "Webhook formats").
        var body = NotificationBody(WebhookSamples.Bare());

        var headers = Signer().Sign(WebhookSamples.Bare(), body, [Key(NewSecret), Key(OldSecret)]);

        Verify(NewSecret, body, headers);
        Assert.Throws<WebhookVerificationException>(() => Verify(OldSecret, body, headers));
    }

    [Theory]
    [InlineData("msg.1")]
    [InlineData("msg 1")]
    [InlineData("")]
    public void SignatureHeader_IdWithDotOrSpaceOrEmpty_Throws(string id) =>
        Assert.Throws<ArgumentException>(() => StandardWebhookSigner.SignatureHeader(id, 1, "{}"u8, [Key(NewSecret)]));

    [Fact]
    public void SignatureHeader_NoKeys_Throws() =>
        Assert.Throws<ArgumentException>(() => StandardWebhookSigner.SignatureHeader("id", 1, "{}"u8, []));

    [Fact]
    public void ApplyTo_Request_SetsTheThreeHeadersOnce()
    {
        var headers = Signer().Sign(WebhookSamples.Bare(), "{}"u8, [Key(NewSecret), Key(OldSecret)]);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("http://127.0.0.1/callback"));

        headers.ApplyTo(request);
        headers.ApplyTo(request); // a retry reusing the request object must not add a second value

        Assert.Equal([headers.Id], request.Headers.GetValues("webhook-id"));
        Assert.Equal([headers.Timestamp], request.Headers.GetValues("webhook-timestamp"));
        Assert.Equal([headers.Signature], request.Headers.GetValues("webhook-signature"));
    }

    private static WebhookSigningKey Key(string secret) =>
        WebhookSigningKey.TryParse(secret, out var key) ? key : throw new ArgumentException("test secret does not parse", nameof(secret));

    private static byte[] NotificationBody(StatusStream.Expansion.NotificationStatus status) =>
        new CityOsStatusFormat().Render(status, WebhookSamples.Context()).Content;

    /// <summary>The StandardWebhooks package's own check; throws <see cref="WebhookVerificationException"/> when it fails.</summary>
    private static void Verify(string secret, byte[] body, StandardWebhookHeaders headers)
    {
        var dictionary = new HeaderDictionary
        {
            [StandardWebhookHeaders.IdName] = headers.Id,
            [StandardWebhookHeaders.TimestampName] = headers.Timestamp,
            [StandardWebhookHeaders.SignatureName] = headers.Signature,
        };
        new StandardWebhook(secret).Verify(Encoding.UTF8.GetString(body), dictionary);
    }

    private StandardWebhookSigner Signer() => new(_clock);
}
