using Confluent.SchemaRegistry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StatusStream.Serialization;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Serialization;

/// <summary>The per-subject schema id cache against a registry served over HTTP by the fake.</summary>
public sealed class CallbackSchemaIdsTests : IAsyncLifetime
{
    private const string Topic = "city.parking-callback";
    private FakeSchemaRegistry _registry = null!;
    private CachedSchemaRegistryClient? _client;

    public async Task InitializeAsync() => _registry = await FakeSchemaRegistry.StartAsync(firstId: 700);

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        await _registry.DisposeAsync();
    }

    [Fact]
    public async Task ResolveAsync_ManyStatusesForANewTopic_RegistersTheStatusSchemaOnceUnderTopicValue()
    {
        var ids = SchemaIds();

        var resolved = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ids.ResolveAsync(Topic)));

        Assert.All(resolved, id => Assert.Equal(700, id));
        Assert.Equal([700], _registry.IdsOf($"{Topic}-value"));
        Assert.Equal(await File.ReadAllTextAsync(CallbackSchemaIds.SchemaPath), _registry.SchemaOf(700));
        Assert.Single(_registry.Requests, r => r == $"POST /subjects/{Topic}-value/versions");
        Assert.True(ids.TryGetKnown(Topic, out var known));
        Assert.Equal(700, known);
    }

    [Fact]
    public async Task ResolveAsync_TwoTopics_OneSchemaIdUnderTwoSubjects()
    {
        var ids = SchemaIds();

        var first = await ids.ResolveAsync(Topic);
        var second = await ids.ResolveAsync("parking.billing-callback");

        Assert.Equal(first, second);
        Assert.Equal([first], _registry.IdsOf("parking.billing-callback-value"));
    }

    [Fact]
    public async Task ResolveAsync_RegistryDown_FailsWithSchemaRegistryErrorAndNothingCached_ThenRecovers()
    {
        var ids = SchemaIds();
        _registry.Available = false;

        var failure = await Assert.ThrowsAsync<SchemaRegistryUnavailableException>(() => ids.ResolveAsync(Topic));

        Assert.StartsWith("schema-registry: ", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Message);
        Assert.False(ids.TryGetKnown(Topic, out _));

        _registry.Available = true;
        Assert.Equal(700, await ids.ResolveAsync(Topic));
    }

    [Fact]
    public async Task ResolveAsync_WrongCredentials_FailsWith401AndNoSecretInTheMessage()
    {
        _registry.RequireBasicAuth = "statusstream:right-secret";
        var ids = SchemaIds(new SchemaRegistryOptions { Url = _registry.Url, BasicAuthUserInfo = "statusstream:wrong-secret" });

        var failure = await Assert.ThrowsAsync<SchemaRegistryUnavailableException>(() => ids.ResolveAsync(Topic));

        Assert.Contains("401", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_LookUpOnly_FindsTheSchemaSomeoneRegistered_AndNeverRegisters()
    {
        var id = _registry.Register($"{Topic}-value", await File.ReadAllTextAsync(CallbackSchemaIds.SchemaPath));
        var ids = SchemaIds(new SchemaRegistryOptions { Url = _registry.Url, AutoRegisterSchemas = false });

        Assert.Equal(id, await ids.ResolveAsync(Topic));
        await Assert.ThrowsAsync<SchemaRegistryUnavailableException>(() => ids.ResolveAsync("parking.billing-callback"));
        Assert.DoesNotContain(_registry.Requests, r => r.EndsWith("/versions", StringComparison.Ordinal));
        Assert.Empty(_registry.IdsOf("parking.billing-callback-value"));
    }

    [Fact]
    public async Task ResolveAsync_MoreTopicsThanTheBound_KeepsAtMostTheBound_AndStillAnswers()
    {
        var client = new Moq.Mock<ISchemaRegistryClient>();
        client.Setup(c => c.RegisterSchemaAsync(Moq.It.IsAny<string>(), Moq.It.IsAny<Schema>(), Moq.It.IsAny<bool>())).Returns(Task.FromResult(7));
        var ids = new CallbackSchemaIds(client.Object, Options.Create(new SchemaRegistryOptions { Url = _registry.Url }), NullLogger<CallbackSchemaIds>.Instance);

        for (var i = 0; i <= CallbackSchemaIds.MaxKnown; i++)
        {
            Assert.Equal(7, await ids.ResolveAsync($"city.t{i}-callback"));
        }

        Assert.InRange(ids.KnownCount, 1, CallbackSchemaIds.MaxKnown);
        Assert.True(ids.TryGetKnown($"city.t{CallbackSchemaIds.MaxKnown}-callback", out _), "the newest topic is kept");
    }

    private CallbackSchemaIds SchemaIds(SchemaRegistryOptions? options = null)
    {
        options ??= new SchemaRegistryOptions { Url = _registry.Url };
        _client = new CachedSchemaRegistryClient(SchemaRegistryClientConfig.From(options));
        return new CallbackSchemaIds(_client, Options.Create(options), NullLogger<CallbackSchemaIds>.Instance);
    }
}
