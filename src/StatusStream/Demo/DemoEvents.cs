using System.Text;

namespace StatusStream.Demo;

/// <summary>The sample input of `statusstream demo`: what producer services would publish.</summary>
internal static class DemoEvents
{
    public const string ParkingCallbackTopic = "city.parking-callback";
    public const string BillingCallbackTopic = "parking.billing-callback";

    public static IReadOnlyList<(string Description, byte[] Value)> All { get; } =
    [
        ("multicast e-mail to 3 recipients, callback to city.parking-callback", Utf8("""
            {"event_id":"5b0f3c1e-8d2a-4c71-9a43-2f6a1d3e9b10","provider":"email",
             "recipients":[
               {"recipient":"2089ad58-857e-4b31-a647-b78432c129d2","success":true,"error":""},
               {"recipient":"7c1e4a90-1f3b-4d8e-b5a2-93c0d7e6f431","success":true,"error":""},
               {"recipient":"c4d2b8e6-0a5f-4e19-8b37-61f9a2d4c805","success":false,"error":"mailbox full"}],
             "callback":{"type":"kafka","target":"city.parking-callback"},
             "source":{"namespace":"city","service":"parking"},"occurred_at":"2026-11-24T09:30:00Z"}
            """)),
        ("Slack message to 1 recipient, callback to parking.billing-callback", Utf8("""
            {"event_id":"9e4d7a21-6b3c-4f58-a0e9-1c2b3d4e5f60","provider":"slack",
             "recipients":[{"recipient":"0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0","success":true,"error":""}],
             "callback":{"type":"kafka","target":"parking.billing-callback"}}
            """)),
        ("not JSON at all", Utf8("""{"event_id": "5b0f3c1e-8d2a-4c71-9a43""")),
        ("a callback target that is not <namespace>.<service>-callback", Utf8("""
            {"event_id":"3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d","provider":"sms",
             "recipients":[{"recipient":"11111111-2222-4333-8444-555555555555","success":true,"error":""}],
             "callback":{"type":"kafka","target":"billing"}}
            """)),
    ];

    /// <summary>
    /// Webhook callbacks (City OS's other callback method) to the demo's receiver: a GOV.UK Notify-style
    /// receipt, signed, and an OSP-style event to an endpoint whose first answer is 500.
    /// </summary>
    public static IReadOnlyList<(string Description, byte[] Value)> Webhooks(string receiverUrl) =>
    [
        ("SMS to 1 recipient, webhook to the Notify-style endpoint (govuk-notify profile, bearer token, signed)", Utf8($$$"""
            {"event_id":"d3b07384-d9a0-4c9b-8f1e-2a7c5e6b4f10","provider":"sms","reference":"parking-permit-2231",
             "notification_type":"sms","created_at":"2026-11-24T09:29:58Z","occurred_at":"2026-11-24T09:30:02Z",
             "recipients":[{"recipient":"6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b","success":true,"error":"",
                            "address":"+447700900123","status":"delivered","sent_at":"2026-11-24T09:30:00Z"}],
             "callback":{"type":"webhook","target":"{{{receiverUrl}}}/notify/receipts"}}
            """)),
        ("e-mail to 1 recipient, webhook to the OSP-style endpoint (osp profile, access key; answers 500 first)", Utf8($$$"""
            {"event_id":"e5f6a7b8-c9d0-4e1f-9a2b-3c4d5e6f7a80","provider":"email",
             "recipients":[{"recipient":"8b9c0d1e-2f3a-4b5c-9d6e-7f8091a2b3c4","success":false,"error":"mailbox full"}],
             "callback":{"type":"webhook","target":"{{{receiverUrl}}}/osp/events"},
             "source":{"namespace":"city","service":"parking"}}
            """)),
    ];

    /// <summary>
    /// Received text messages (GOV.UK Notify) as the SMS provider publishes them to the inbound topic: one reply to the
    /// parking service's number forwarded to its Kafka callback, one to the Notify-style webhook endpoint. The numbers
    /// are from Ofcom's drama range; the messages are made up.
    /// </summary>
    public static IReadOnlyList<(string Description, byte[] Value)> InboundMessages(string receiverUrl) =>
    [
        ("text received on the parking number, forwarded to city.parking-callback", Utf8("""
            {"id":"7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d","source_number":"447700900456","destination_number":"07700900999",
             "message":"YES, extend my permit","date_received":"2026-11-24T09:31:05.250+00:00",
             "callback":{"type":"kafka","target":"city.parking-callback"},"source":{"namespace":"city","service":"parking"}}
            """)),
        ("text received on the parking number, forwarded to the Notify-style webhook endpoint (bearer token, signed)", Utf8($$$"""
            {"id":"0a9b8c7d-6e5f-4d3c-9b2a-1f0e9d8c7b6a","source_number":"447700900457","destination_number":"07700900999",
             "message":"STOP","date_received":"2026-11-24T09:31:07Z",
             "callback":{"type":"webhook","target":"{{{receiverUrl}}}/notify/inbound"},"source":{"namespace":"city","service":"parking"}}
            """)),
    ];

    /// <summary>Forwarded text messages the demo waits for on Kafka callback topics.</summary>
    public const int ExpectedInboundOnKafka = 1;

    /// <summary>The city namespace's API key for the subscription API (made up; only its SHA-256 is configured).</summary>
    public const string SubscriptionApiKey = "demo-city-api-key-not-a-secret";

    /// <summary>The adidas API guidelines' subscription: city's parking notifications, continuously, as hal callbacks to the receiver.</summary>
    public static string SubscriptionRequest(string receiverUrl) =>
        $$$"""{"callbackUrl":"{{{receiverUrl}}}/subscriber/parking","mode":"continuous","filter":{"sourceService":"parking"}}""";

    /// <summary>The demo's webhook endpoints and subscription API, as an operator would configure them (made-up credentials).</summary>
    public static IReadOnlyDictionary<string, string?> WebhookSettings(string receiverUrl) => new Dictionary<string, string?>
    {
        ["Http:Urls"] = "http://127.0.0.1:0",
        ["Subscriptions:Enabled"] = "true",
        ["Subscriptions:EncryptionKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        ["Subscriptions:ApiKeys:city"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(SubscriptionApiKey))),
        ["Webhooks:AllowLoopback"] = "true",
        ["Webhooks:Endpoints:notify:Url"] = receiverUrl + "/notify/",
        ["Webhooks:Endpoints:notify:Profile"] = "govuk-notify",
        ["Webhooks:Endpoints:notify:BearerToken"] = "demo-bearer-token-not-a-secret",
        ["Webhooks:Endpoints:notify:SigningSecrets"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        ["Webhooks:Endpoints:osp:Url"] = receiverUrl + "/osp/",
        ["Webhooks:Endpoints:osp:Profile"] = "osp",
        ["Webhooks:Endpoints:osp:TenantId"] = "city-demo",
        ["Webhooks:Endpoints:osp:AccessKey"] = "demo-access-key",
    };

    /// <summary>Statuses the demo waits for per callback topic, and dead letters on the dead-letter topic.</summary>
    public static IReadOnlyDictionary<string, int> ExpectedStatuses { get; } = new Dictionary<string, int>
    {
        [ParkingCallbackTopic] = 3,
        [BillingCallbackTopic] = 1,
    };

    public const int ExpectedDeadLetters = 2;

    /// <summary>
    /// The status whose first produce the demo's cluster refuses (billing), so it must show up
    /// parked on the retry topic before it is delivered: "status-id" of the Slack event's recipient.
    /// </summary>
    public static IReadOnlyList<string> ExpectedParkedStatusIds { get; } =
        ["9e4d7a21-6b3c-4f58-a0e9-1c2b3d4e5f60:0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"];

    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);
}
