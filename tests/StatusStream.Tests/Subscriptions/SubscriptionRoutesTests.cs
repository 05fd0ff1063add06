using System.Net;
using System.Text.Json;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Subscriptions;

/// <summary>The subscription API's contract (adidas API guidelines): codes, content types, HAL links, problem details, keys and namespaces.</summary>
public sealed class SubscriptionRoutesTests(TestKafka kafka) : IClassFixture<TestKafka>
{
    private const string Hal = "application/hal+json";
    private const string Problem = "application/problem+json";

    [Fact]
    public async Task Post_Webhook_201HalWithSelfLinkUuidMessageAndTheSecretOnlyOnce()
    {
        await using var api = await StartAsync();

        using var response = await api.SendAsync(HttpMethod.Post, "/subscriptions", SubscriptionTestHost.CityKey,
            """{"callbackUrl":"https://203.0.113.10/hooks/1","mode":"continuous","filter":{"provider":"email"}}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(Hal, response.Content.Headers.ContentType?.MediaType);
        var body = await Json(response);
        var id = body.GetProperty("UUID").GetString()!;
        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal($"/subscriptions/{id}", body.GetProperty("_links").GetProperty("self").GetProperty("href").GetString());
        Assert.Equal($"/subscriptions/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Your request to subscribe to notification statuses has been accepted.", body.GetProperty("message").GetString());
        Assert.Equal("hal", body.GetProperty("profile").GetString());
        var secret = body.GetProperty("signingSecret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);

        using var get = await api.SendAsync(HttpMethod.Get, $"/subscriptions/{id}", SubscriptionTestHost.CityKey);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(Hal, get.Content.Headers.ContentType?.MediaType);
        var text = await get.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        var resource = JsonDocument.Parse(text).RootElement;
        Assert.Equal(id, resource.GetProperty("UUID").GetString());
        Assert.Equal("active", resource.GetProperty("state").GetString());
        Assert.Equal("email", resource.GetProperty("filter").GetProperty("provider").GetString());
        Assert.False(resource.TryGetProperty("signingSecret", out _));
    }

    [Fact]
    public async Task Post_NoCallbackUrl_201NamesTheTopicToReadAndTheUuid()
    {
        await using var api = await StartAsync();

        var body = await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "only-once" });

        Assert.Equal("city.subscriptions-callback", body.GetProperty("topic").GetString());
        Assert.True(Guid.TryParse(body.GetProperty("UUID").GetString(), out _));
        Assert.Equal("only-once", body.GetProperty("mode").GetString());
        Assert.False(body.TryGetProperty("signingSecret", out _));
    }

    [Fact]
    public async Task GetAndList_Webhook_CallbackUrlWholeWithItsQueryToTheNamespacesKeyOnly()
    {
        await using var api = await StartAsync();
        const string Url = "https://203.0.113.10/hooks/1?token=tok3n-in-the-query";
        var id = (await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", callbackUrl = Url })).GetProperty("UUID").GetString();

        using var get = await api.SendAsync(HttpMethod.Get, $"/subscriptions/{id}", SubscriptionTestHost.CityKey);
        using var list = await api.SendAsync(HttpMethod.Get, "/subscriptions", SubscriptionTestHost.CityKey);
        using var otherList = await api.SendAsync(HttpMethod.Get, "/subscriptions", SubscriptionTestHost.ParkingKey);
        using var otherGet = await api.SendAsync(HttpMethod.Get, $"/subscriptions/{id}", SubscriptionTestHost.ParkingKey);

        // docs/subscriptions-api.md says so: whoever holds the namespace's key created it and gets it back as given, token and all.
        Assert.Equal(Url, (await Json(get)).GetProperty("callbackUrl").GetString());
        Assert.Equal(Url, Assert.Single((await Json(list)).GetProperty("_embedded").GetProperty("subscriptions").EnumerateArray()).GetProperty("callbackUrl").GetString());
        Assert.DoesNotContain("tok3n", await otherList.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("tok3n", await otherGet.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, otherGet.StatusCode);
    }

    [Fact]
    public async Task PostGetList_InboundMessageKind_SayTextMessagesAndShowNoStatusOnlyFilterFields()
    {
        await using var api = await StartAsync();

        var webhook = await api.CreateAsync(SubscriptionTestHost.CityKey,
            new { mode = "continuous", callbackUrl = "https://203.0.113.10/hooks/sms", filter = new { kind = "inbound-message", sourceService = "parking" } });
        // "any" is accepted with this kind (it narrows nothing), so it must not come back as if it meant something.
        var stream = await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "only-once", filter = new { kind = "inbound-message", outcome = "any" } });
        var statuses = await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous" });
        var webhookId = webhook.GetProperty("UUID").GetString();
        using var get = await api.SendAsync(HttpMethod.Get, $"/subscriptions/{webhookId}", SubscriptionTestHost.CityKey);
        using var list = await api.SendAsync(HttpMethod.Get, "/subscriptions", SubscriptionTestHost.CityKey);

        foreach (var created in new[] { webhook, stream })
        {
            Assert.Equal("Your request to subscribe to received text messages has been accepted.", created.GetProperty("message").GetString());
        }

        Assert.Equal("Your request to subscribe to notification statuses has been accepted.", statuses.GetProperty("message").GetString());
        var listed = (await Json(list)).GetProperty("_embedded").GetProperty("subscriptions").EnumerateArray()
            .ToDictionary(s => s.GetProperty("UUID").GetString()!, s => s.GetProperty("filter").GetRawText());
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        foreach (var filter in new[] { webhook.GetProperty("filter").GetRawText(), (await Json(get)).GetProperty("filter").GetRawText(), listed[webhookId!] })
        {
            Assert.Equal("""{"sourceService":"parking","kind":"inbound-message"}""", filter);
        }

        Assert.Equal("""{"kind":"inbound-message"}""", stream.GetProperty("filter").GetRawText());
        Assert.Equal("""{"kind":"inbound-message"}""", listed[stream.GetProperty("UUID").GetString()!]);
        Assert.Equal("""{"outcome":"any"}""", listed[statuses.GetProperty("UUID").GetString()!]);
    }

    [Theory]
    [InlineData("""{"callbackUrl":"http://169.254.169.254/latest/meta-data","mode":"continuous"}""", "169.254.169.254")]
    [InlineData("""{"callbackUrl":"http://[::a9fe:a9fe]/latest/meta-data","mode":"continuous"}""", "169.254.169.254")]
    [InlineData("""{"callbackUrl":"http://[64:ff9b::a9fe:a9fe]/latest/meta-data","mode":"continuous"}""", "169.254.169.254")]
    [InlineData("""{"callbackUrl":"http://[2002:a9fe:a9fe::1]/latest/meta-data","mode":"continuous"}""", "169.254.169.254")]
    [InlineData("""{"callbackUrl":"ftp://receiver.example/x","mode":"continuous"}""", "callbackUrl")]
    [InlineData("""{"callbackTopic":"parking.billing-callback","mode":"continuous"}""", "another namespace")]
    [InlineData("""{"callbackTopic":"__consumer_offsets","mode":"continuous"}""", "callback topic")]
    [InlineData("""{"callbackUrl":"https://203.0.113.10/x","mode":"continuous","profile":"soap"}""", "profile")]
    [InlineData("""{"callbackUrl":"https://203.0.113.10/x","mode":"continuous","profile":"osp"}""", "credentials")]
    [InlineData("""{"mode":"continuous","filter":{"outcome":"maybe"}}""", "filter.outcome")]
    [InlineData("""{"mode":"continuous","filter":{"sourceNamespace":"parking"}}""", "filter.sourceNamespace")]
    [InlineData("""{"mode":"continuous","filter":{"eventIds":["not-a-uuid"]}}""", "filter.eventIds")]
    [InlineData("""{"mode":"continuous","filter":{"kind":"sms"}}""", "filter.kind")]
    [InlineData("""{"mode":"continuous","filter":{"kind":"inbound-message","outcome":"success"}}""", "narrowed by 'filter.sourceService' only")]
    [InlineData("""{"mode":"continuous","filter":{"kind":"inbound-message","provider":"sms"}}""", "narrowed by 'filter.sourceService' only")]
    public async Task Post_NotAcceptable_403ProblemJsonSayingWhy(string json, string detailMentions)
    {
        await using var api = await StartAsync();

        using var response = await api.SendAsync(HttpMethod.Post, "/subscriptions", SubscriptionTestHost.CityKey, json);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "/problems/subscription-refused", detailMentions);
        Assert.Equal(0, api.Store.CountIn("city").Total);
    }

    [Theory]
    [InlineData("not json at all", "not JSON")]
    [InlineData("""["mode","continuous"]""", "object")]
    [InlineData("""{"callbackUrl":"https://203.0.113.10/x"}""", "'mode' is required")]
    [InlineData("""{"mode":"sometimes"}""", "'mode' must be")]
    [InlineData("""{"mode":1,"callbackUrl":"https://203.0.113.10/x"}""", "'mode' must be a string")]
    [InlineData("""{"mode":"continuous","callbackUrl":42}""", "'callbackUrl' must be a string")]
    [InlineData("""{"mode":"continuous","callback":"https://203.0.113.10/x"}""", "Unknown property 'callback'")]
    [InlineData("""{"mode":"continuous","filter":{"colour":"red"}}""", "Unknown filter property 'colour'")]
    public async Task Post_Malformed_400ProblemJson(string json, string detailMentions)
    {
        await using var api = await StartAsync();

        using var response = await api.SendAsync(HttpMethod.Post, "/subscriptions", SubscriptionTestHost.CityKey, json);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "/problems/malformed-request", detailMentions);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("text/plain")]
    public async Task Post_JsonBodyWithAnyOrNoContentType_Read(string? contentType)
    {
        await using var api = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/subscriptions") { Content = new ByteArrayContent("""{"mode":"continuous"}"""u8.ToArray()) };
        request.Content.Headers.ContentType = contentType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SubscriptionTestHost.CityKey);

        // curl -d sends application/x-www-form-urlencoded: the API reads the body as JSON whatever the header says.
        using var response = await api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Post_Malformed_ProblemHasTheFourRfc9457MembersOnlyAndQuotesAsTheyAre()
    {
        await using var api = await StartAsync();

        using var response = await api.SendAsync(HttpMethod.Post, "/subscriptions", SubscriptionTestHost.CityKey, """{"profile":"hal"}""");

        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"detail\":\"'mode' is required: \\\"only-once\\\" or \\\"continuous\\\".\"", text, StringComparison.Ordinal);
        var members = JsonDocument.Parse(text).RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["detail", "status", "title", "type"], members);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData(SubscriptionTestHost.CityKey + "x")]
    public async Task AnyRoute_WithoutAValidKey_401ProblemJson(string? key)
    {
        await using var api = await StartAsync();
        var existing = (await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous" })).GetProperty("UUID").GetString();

        foreach (var (method, path, json) in new[]
        {
            (HttpMethod.Post, "/subscriptions", """{"mode":"continuous"}"""),
            (HttpMethod.Get, "/subscriptions", null),
            (HttpMethod.Get, $"/subscriptions/{existing}", null),
            (HttpMethod.Put, $"/subscriptions/{existing}", null),
        })
        {
            using var response = await api.SendAsync(method, path, key, json);
            await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "/problems/unauthenticated", "Bearer");
            Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(1, api.Store.CountIn("city").Total);
    }

    [Fact]
    public async Task Put_Cancels_202HalThenAgain202ThenGet404()
    {
        await using var api = await StartAsync();
        var id = (await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous" })).GetProperty("UUID").GetString();

        using var cancel = await api.SendAsync(HttpMethod.Put, $"/subscriptions/{id}", SubscriptionTestHost.CityKey);
        using var again = await api.SendAsync(HttpMethod.Put, $"/subscriptions/{id}", SubscriptionTestHost.CityKey);
        using var get = await api.SendAsync(HttpMethod.Get, $"/subscriptions/{id}", SubscriptionTestHost.CityKey);

        foreach (var response in new[] { cancel, again })
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal(Hal, response.Content.Headers.ContentType?.MediaType);
            var body = await Json(response);
            Assert.Equal($"/subscriptions/{id}", body.GetProperty("_links").GetProperty("self").GetProperty("href").GetString());
            Assert.Equal("Your subscription is cancelled.", body.GetProperty("message").GetString());
        }

        await AssertProblemAsync(get, HttpStatusCode.NotFound, "/problems/subscription-not-found", "no subscription");
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000001")]
    [InlineData("4746")]
    public async Task GetAndPut_UnknownId_404ProblemJson(string id)
    {
        await using var api = await StartAsync();

        using var get = await api.SendAsync(HttpMethod.Get, $"/subscriptions/{id}", SubscriptionTestHost.CityKey);
        using var put = await api.SendAsync(HttpMethod.Put, $"/subscriptions/{id}", SubscriptionTestHost.CityKey);

        await AssertProblemAsync(get, HttpStatusCode.NotFound, "/problems/subscription-not-found", "no subscription");
        await AssertProblemAsync(put, HttpStatusCode.NotFound, "/problems/subscription-not-found", "no subscription");
    }

    [Fact]
    public async Task OtherNamespace_CanNeitherSeeListNorCancel_AnsweredLikeAnUnknownId()
    {
        await using var api = await StartAsync();
        var id = (await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous" })).GetProperty("UUID").GetString();

        using var get = await api.SendAsync(HttpMethod.Get, $"/subscriptions/{id}", SubscriptionTestHost.ParkingKey);
        using var put = await api.SendAsync(HttpMethod.Put, $"/subscriptions/{id}", SubscriptionTestHost.ParkingKey);
        using var list = await api.SendAsync(HttpMethod.Get, "/subscriptions", SubscriptionTestHost.ParkingKey);
        using var own = await api.SendAsync(HttpMethod.Get, $"/subscriptions/{id}", SubscriptionTestHost.CityKey);

        await AssertProblemAsync(get, HttpStatusCode.NotFound, "/problems/subscription-not-found", "no subscription");
        await AssertProblemAsync(put, HttpStatusCode.NotFound, "/problems/subscription-not-found", "no subscription");
        Assert.Equal(0, (await Json(list)).GetProperty("page").GetProperty("totalElements").GetInt32());
        Assert.Equal(HttpStatusCode.OK, own.StatusCode); // still there: the other namespace's PUT changed nothing
    }

    [Fact]
    public async Task Post_InvalidUtf8InAString_400ProblemJson()
    {
        await using var api = await StartAsync();
        byte[] body = [.. "{\"mode\":\"continuous\",\"callbackUrl\":\"https://203.0.113.10/"u8, 0xff, 0xfe, .. "\"}"u8];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/subscriptions") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SubscriptionTestHost.CityKey);

        using var response = await api.Http.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "/problems/malformed-request", "UTF-8");
    }

    [Fact]
    public async Task List_PageFarPastTheEnd_EmptyPage_NotTheFirstOne()
    {
        await using var api = await StartAsync();
        await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous" });

        // (page - 1) * size is past int.MaxValue here: it once wrapped around to the first page.
        using var far = await api.SendAsync(HttpMethod.Get, "/subscriptions?page=10737420&size=200", SubscriptionTestHost.CityKey);

        Assert.Equal(HttpStatusCode.OK, far.StatusCode);
        var page = await Json(far);
        Assert.Equal(1, page.GetProperty("page").GetProperty("totalElements").GetInt32());
        Assert.Empty(page.GetProperty("_embedded").GetProperty("subscriptions").EnumerateArray());
    }

    [Fact]
    public async Task List_Paged_HalWithEmbeddedItemsAndNextPrevLinks()
    {
        await using var api = await StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous" })).GetProperty("UUID").GetString()!);
        }

        await api.CreateAsync(SubscriptionTestHost.ParkingKey, new { mode = "continuous" });

        using var first = await api.SendAsync(HttpMethod.Get, "/subscriptions?size=2", SubscriptionTestHost.CityKey);
        using var second = await api.SendAsync(HttpMethod.Get, "/subscriptions?page=2&size=2", SubscriptionTestHost.CityKey);
        using var bad = await api.SendAsync(HttpMethod.Get, "/subscriptions?size=0", SubscriptionTestHost.CityKey);

        Assert.Equal(Hal, first.Content.Headers.ContentType?.MediaType);
        var one = await Json(first);
        var two = await Json(second);
        Assert.Equal("/subscriptions?page=1&size=2", one.GetProperty("_links").GetProperty("self").GetProperty("href").GetString());
        Assert.Equal("/subscriptions?page=2&size=2", one.GetProperty("_links").GetProperty("next").GetProperty("href").GetString());
        Assert.Equal("/subscriptions?page=1&size=2", two.GetProperty("_links").GetProperty("prev").GetProperty("href").GetString());
        Assert.False(two.GetProperty("_links").TryGetProperty("next", out _));
        Assert.Equal(3, one.GetProperty("page").GetProperty("totalElements").GetInt32());
        var listed = one.GetProperty("_embedded").GetProperty("subscriptions").EnumerateArray()
            .Concat(two.GetProperty("_embedded").GetProperty("subscriptions").EnumerateArray())
            .Select(s => s.GetProperty("UUID").GetString()!).ToList();
        Assert.Equal(ids.Order(), listed.Order());
        Assert.All(one.GetProperty("_embedded").GetProperty("subscriptions").EnumerateArray(), s =>
            Assert.Equal($"/subscriptions/{s.GetProperty("UUID").GetString()}", s.GetProperty("_links").GetProperty("self").GetProperty("href").GetString()));
        await AssertProblemAsync(bad, HttpStatusCode.BadRequest, "/problems/malformed-request", "size");
    }

    [Fact]
    public async Task Post_TwentyAtOnceUnderALimitOfThree_Exactly3Created_17Refused()
    {
        await using var api = await SubscriptionTestHost.StartAsync(kafka, PipelineTopics.Create(kafka), SubscriptionTestHost.CreateTopic(kafka),
            ("Subscriptions:MaxPerNamespace", "3"));
        using var start = new SemaphoreSlim(0);

        var requests = Enumerable.Range(0, 20).Select(async i =>
        {
            await start.WaitAsync();
            using var response = await api.SendAsync(HttpMethod.Post, "/subscriptions", SubscriptionTestHost.CityKey,
                $$$"""{"mode":"continuous","filter":{"sourceService":"s{{{i}}}"}}""");
            return response.StatusCode;
        }).ToList();
        start.Release(20);
        var codes = await Task.WhenAll(requests);

        Assert.Equal(3, codes.Count(c => c == HttpStatusCode.Created));
        Assert.Equal(17, codes.Count(c => c == HttpStatusCode.Forbidden));
        Assert.Equal(3, api.Store.CountIn("city").Total);
    }

    [Fact]
    public async Task Post_BroadBeyondMaxBroadPerNamespace_403_ANarrowedOneStillCreated()
    {
        await using var api = await SubscriptionTestHost.StartAsync(kafka, PipelineTopics.Create(kafka), SubscriptionTestHost.CreateTopic(kafka),
            ("Subscriptions:MaxBroadPerNamespace", "2"));
        await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", filter = new { outcome = "failure" } });
        await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous" });

        using var third = await api.SendAsync(HttpMethod.Post, "/subscriptions", SubscriptionTestHost.CityKey, """{"mode":"continuous","filter":{"outcome":"success"}}""");
        await AssertProblemAsync(third, HttpStatusCode.Forbidden, "/problems/subscription-refused", "MaxBroadPerNamespace");
        await api.CreateAsync(SubscriptionTestHost.CityKey, new { mode = "continuous", filter = new { sourceService = "billing", outcome = "success" } });
        Assert.Equal((3, 2), api.Store.CountIn("city"));
    }

    private async Task<SubscriptionTestHost> StartAsync() =>
        await SubscriptionTestHost.StartAsync(kafka, PipelineTopics.Create(kafka), SubscriptionTestHost.CreateTopic(kafka));

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type, string detailMentions)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(Problem, response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Contains(detailMentions, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}
