using StatusStream.Serialization;

namespace StatusStream.Tests.Serialization;

public sealed class SchemaRegistryOptionsValidatorTests
{
    private static readonly SchemaRegistryOptionsValidator Validator = new();

    [Fact]
    public void Validate_Defaults_OffAndValid()
    {
        var options = new SchemaRegistryOptions();

        Assert.False(options.Enabled);
        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8081", null, null, null)]
    [InlineData("http://127.0.0.1:8081,https://127.0.0.1:8082/", "sr-user:sr-secret", null, null)]
    [InlineData("https://127.0.0.1:8081", null, "sr-user", "sr-secret")]
    public void Validate_GoodSettings_Succeed(string url, string? userInfo, string? username, string? password)
    {
        var options = new SchemaRegistryOptions { Url = url, BasicAuthUserInfo = userInfo, BasicAuthUsername = username, BasicAuthPassword = password };

        Assert.True(Validator.Validate(null, options).Succeeded, Validator.Validate(null, options).FailureMessage);
    }

    [Theory]
    [InlineData("127.0.0.1:8081", null, null, null, "Serialization:SchemaRegistry:Url")]
    [InlineData("ftp://127.0.0.1", null, null, null, "Serialization:SchemaRegistry:Url")]
    [InlineData("http://sr-user:sr-secret@127.0.0.1:8081", null, null, null, "Serialization:SchemaRegistry:Url must not carry credentials")]
    [InlineData("http://127.0.0.1:8081", "no-colon-secret", null, null, "Serialization:SchemaRegistry:BasicAuthUserInfo")]
    [InlineData("http://127.0.0.1:8081", "sr-user:sr-secret", "sr-user", null, "alternatives")]
    [InlineData("http://127.0.0.1:8081", null, "sr-user", null, "Serialization:SchemaRegistry:BasicAuthPassword")]
    [InlineData("http://127.0.0.1:8081", null, null, "sr-secret", "Serialization:SchemaRegistry:BasicAuthPassword")]
    [InlineData(null, "sr-user:sr-secret", null, null, "Serialization:SchemaRegistry:Url is required")]
    public void Validate_BadSettings_NameTheSettingAndNeverTheSecret(string? url, string? userInfo, string? username, string? password, string expected)
    {
        var options = new SchemaRegistryOptions { Url = url, BasicAuthUserInfo = userInfo, BasicAuthUsername = username, BasicAuthPassword = password };

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", result.FailureMessage.Replace("BasicAuth", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TimeoutOutOfRange_NamesTheSetting()
    {
        var result = Validator.Validate(null, new SchemaRegistryOptions { Url = "http://127.0.0.1:8081", RequestTimeoutSeconds = 0 });

        Assert.Contains("Serialization:SchemaRegistry:RequestTimeoutSeconds", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8081", "http://127.0.0.1:8081")]
    [InlineData("http://sr:secret@127.0.0.1:8081, https://127.0.0.1:8082", "http://127.0.0.1:8081,https://127.0.0.1:8082")]
    [InlineData("sr:secret@127.0.0.1:8081", "127.0.0.1:8081")]
    public void DisplayUrl_NeverShowsUserInfo(string url, string expected)
    {
        Assert.Equal(expected, new SchemaRegistryOptions { Url = url }.DisplayUrl);
    }
}
