using System.Text;
using NJsonSchema;
using StatusStream.Delivery.Webhooks.Formats;
using StatusStream.Expansion;
using StatusStream.Intake;
using StatusStream.Records;
using StatusStream.Tests.Support;

namespace StatusStream.Tests.Delivery.Webhooks.Formats;

/// <summary>
/// Every webhook body the formats render against its JSON Schema in schemas/ (the ones the OpenAPI document's webhooks
/// section is made of): a body that gains, loses or renames a field, or changes a value's form, fails here.
/// </summary>
public sealed class WebhookBodySchemasTests
{
    private static readonly HalSubscriptionLink Subscription = new("/subscriptions/3f1c0b6e-8a52-4d0e-9a55-0d6f0c1e2b3a",
        "3f1c0b6e-8a52-4d0e-9a55-0d6f0c1e2b3a", "Your request to subscribe to notification statuses has been accepted.");

    public static TheoryData<string> StatusBodies => [.. WebhookBodySchemas.All.Where(b => !b.ReceivedTextMessage).Select(b => b.Name)];

    [Theory]
    [MemberData(nameof(StatusBodies))]
    public async Task Render_EveryKindOfStatus_ValidAgainstItsSchemaWithItsContentType(string name)
    {
        var body = WebhookBodySchemas.All.Single(b => b.Name == name);
        var schema = await SchemaAsync(body.SchemaFile);
        var renderer = new WebhookBodyRenderer();
        NotificationStatus[] statuses =
        [
            WebhookSamples.Bare(), WebhookSamples.Bare(success: false), WebhookSamples.Bare(provider: "sms"),
            WebhookSamples.Detailed(), WebhookSamples.Detailed(success: false, deliveryState: "permanent-failure"),
            WebhookSamples.Detailed(success: false, deliveryState: null),
        ];
        WebhookRenderContext[] contexts =
        [
            WebhookSamples.Context(subscription: Subscription),
            WebhookSamples.Context(new WebhookFormatSettings { OspTenantId = "tenant-7" }, Subscription with { Message = null }),
        ];

        foreach (var status in statuses)
        {
            foreach (var context in contexts)
            {
                var rendered = renderer.Render(body.Profile, status, context);
                var json = Encoding.UTF8.GetString(rendered.Content);
                Assert.Equal(body.ContentType, rendered.ContentType);
                var errors = schema.Validate(json);
                Assert.True(errors.Count == 0, $"{body.SchemaFile}: {json}: {string.Join("; ", errors)}");
            }
        }
    }

    [Fact]
    public async Task ReceivedTextMessage_BareAndHalBodies_ValidAgainstTheirSchemas()
    {
        var sample = SampleInboundMessages.Webhook("https://203.0.113.10/inbound");
        var bare = WebhookBodySchemas.All.Single(b => b.Name == "received-text-message");
        var hal = WebhookBodySchemas.All.Single(b => b.Name == "hal-received-text-message");
        var forwarded = Encoding.UTF8.GetBytes(sample.ExpectedBody);

        var halBody = HalInboundMessageFormat.Render(forwarded, Subscription);

        Assert.Equal(InboundMessageHeaders.WebhookContentType, bare.ContentType);
        Assert.Empty((await SchemaAsync(bare.SchemaFile)).Validate(sample.ExpectedBody));
        Assert.Equal(hal.ContentType, halBody.ContentType);
        var halJson = Encoding.UTF8.GetString(halBody.Content);
        var errors = (await SchemaAsync(hal.SchemaFile)).Validate(halJson);
        Assert.True(errors.Count == 0, $"{halJson}: {string.Join("; ", errors)}");
    }

    [Theory]
    [InlineData("webhook-osp.schema.json", """{"tenantId":"","referenceId":"2089ad58-857e-4b31-a647-b78432c129d2","transactionId":"x","notificationType":"TRANSACTION_EVENT","payLoad":{"status":"PASSED","event_id":"2089ad58-857e-4b31-a647-b78432c129d2","recipient":"2089ad58-857e-4b31-a647-b78432c129d2","success":true,"error":"","provider":"email"},"timestamp":"2022-08-12T10:12:16.827Z"}""")]
    [InlineData("webhook-govuk-notify.schema.json", """{"id":"2089ad58-857e-4b31-a647-b78432c129d2","reference":null,"to":"x","status":"delivered","created_at":"2017-05-14T12:15:30.000000Z","completed_at":"2017-05-14T12:15:30Z","sent_at":null,"notification_type":null}""")]
    [InlineData("webhook-hal.schema.json", """{"_links":{"self":{"href":"/subscriptions/1"}},"UUID":"2089ad58-857e-4b31-a647-b78432c129d2","status":{"event_id":"2089ad58-857e-4b31-a647-b78432c129d2","recipient":"2089ad58-857e-4b31-a647-b78432c129d2","success":true,"error":"","provider":"email","extra":1}}""")]
    [InlineData("received-text-message.schema.json", """{"id":"2089ad58-857e-4b31-a647-b78432c129d2","source_number":"1","destination_number":"2","message":"hi"}""")]
    public async Task Schema_BodyOffByOneField_Refused(string file, string json)
    {
        // What the theory above proves is only worth something if the schemas are closed and exact.
        Assert.NotEmpty((await SchemaAsync(file)).Validate(json));
    }

    private static Task<JsonSchema> SchemaAsync(string file) =>
        JsonSchema.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "schemas", file));
}
