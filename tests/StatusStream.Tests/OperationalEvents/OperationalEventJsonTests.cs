using System.Text;
using NJsonSchema;
using StatusStream.OperationalEvents;

namespace StatusStream.Tests.OperationalEvents;

/// <summary>Operational events against schemas/operational-event.schema.json, and the reader of what the operations topic holds.</summary>
public sealed class OperationalEventJsonTests
{
    private static readonly Lazy<Task<JsonSchema>> Schema = new(() =>
        JsonSchema.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "schemas", "operational-event.schema.json")));

    private static readonly DateTimeOffset At = new(2026, 12, 8, 2, 30, 15, 123, TimeSpan.Zero);

    public static TheoryData<string> Types => [.. OperationalEventTypes.All];

    [Theory]
    [MemberData(nameof(Types))]
    public async Task Write_EveryType_ValidatesAgainstTheSchemaAndReadsBack(string type)
    {
        var e = type == OperationalEventTypes.SubscriptionEnded
            ? new OperationalEvent(Guid.NewGuid(), type, At, "statusstream", null, "parking", Guid.NewGuid(), "cancelled")
            : new OperationalEvent(Guid.NewGuid(), type, At, "statusstream", "http://hooks.example.org:8080", "parking", null, "failing", At.AddDays(-5));

        var json = OperationalEventJson.Write(e);

        var errors = (await Schema.Value).Validate(Encoding.UTF8.GetString(json));
        Assert.True(errors.Count == 0, string.Join("; ", errors));
        Assert.True(OperationalEventJson.TryRead(json, out var read));
        Assert.Equal(e, read);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","type":"endpoint-exploded","occurred_at":"2026-12-08T02:30:15.123Z","group":"g","endpoint":"a","reason":"r"}""")]
    [InlineData("""{"id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","type":"endpoint-disabled","occurred_at":"yesterday","group":"g","endpoint":"a","reason":"r"}""")]
    [InlineData("""{"id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","type":"endpoint-disabled","occurred_at":"2026-12-08T02:30:15.123Z","group":"g","reason":"r"}""")]
    [InlineData("""{"id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","type":"endpoint-disabled","occurred_at":"2026-12-08T02:30:15.123Z","group":{"a":1},"endpoint":"a","reason":"r"}""")]
    public void TryRead_NotAnOperationalEvent_Refused(string text) =>
        Assert.False(OperationalEventJson.TryRead(Encoding.UTF8.GetBytes(text), out _));

    [Fact]
    public void TryRead_LargerThanTheBound_RefusedUnread()
    {
        var e = new OperationalEvent(Guid.NewGuid(), OperationalEventTypes.EndpointDisabled, At, "g", new string('a', OperationalEventJson.MaxBytes), null, null, "operator");

        Assert.False(OperationalEventJson.TryRead(OperationalEventJson.Write(e), out _));
    }

    [Fact]
    public void Key_UnnamedEndpointOfTwoNamespaces_DiffersAndNamedHasNone()
    {
        Assert.Equal("endpoint:osp", OperationalEvent.EndpointKey("osp", null));
        Assert.NotEqual(OperationalEvent.EndpointKey("http://h:80", "a"), OperationalEvent.EndpointKey("http://h:80", "b"));
        Assert.Equal("endpoint:http://h:80#", OperationalEvent.EndpointKey("http://h:80", ""));
    }
}
