using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using StatusStream.Outbound;

namespace StatusStream.Subscriptions;

/// <summary>The API's <c>application/hal+json</c> bodies (adidas API guidelines): every resource has <c>_links.self.href</c> and its <c>UUID</c>.</summary>
internal static class HalResponse
{
    public const string ContentType = "application/hal+json";

    public const string AcceptedMessage = "Your request to subscribe to notification statuses has been accepted.";
    public const string AcceptedInboundMessage = "Your request to subscribe to received text messages has been accepted.";
    public const string CancelledMessage = "Your subscription is cancelled.";

    public static Task CreatedAsync(HttpContext context, Subscription subscription)
    {
        context.Response.Headers.Location = subscription.SelfHref;
        return WriteAsync(context, StatusCodes.Status201Created, writer =>
        {
            writer.WriteStartObject();
            Links(writer, subscription.SelfHref);
            writer.WriteString("message", subscription.Filter.Kind == OutboundKind.InboundMessage ? AcceptedInboundMessage : AcceptedMessage);
            writer.WriteString("UUID", subscription.Id.ToString("D"));
            Fields(writer, subscription);
            if (subscription.SigningSecret is not null)
            {
                // Shown this once: only its sealed form is stored, and no GET returns it.
                writer.WriteString("signingSecret", subscription.SigningSecret);
            }

            writer.WriteEndObject();
        });
    }

    public static Task OneAsync(HttpContext context, Subscription subscription) =>
        WriteAsync(context, StatusCodes.Status200OK, writer => Resource(writer, subscription));

    public static Task PageAsync(HttpContext context, IReadOnlyList<Subscription> page, int number, int size, int total)
    {
        var pages = Math.Max(1, (total + size - 1) / size);
        return WriteAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("_links");
            Link(writer, "self", PageHref(number, size));
            Link(writer, "first", PageHref(1, size));
            if (number > 1)
            {
                Link(writer, "prev", PageHref(Math.Min(number - 1, pages), size));
            }

            if (number < pages)
            {
                Link(writer, "next", PageHref(number + 1, size));
            }

            writer.WriteEndObject();
            writer.WriteStartObject("_embedded");
            writer.WriteStartArray("subscriptions");
            foreach (var subscription in page)
            {
                Resource(writer, subscription);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteStartObject("page");
            writer.WriteNumber("number", number);
            writer.WriteNumber("size", size);
            writer.WriteNumber("totalElements", total);
            writer.WriteNumber("totalPages", pages);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    public static Task CancelledAsync(HttpContext context, Guid id) =>
        WriteAsync(context, StatusCodes.Status202Accepted, writer =>
        {
            writer.WriteStartObject();
            Links(writer, Subscription.SelfHrefOf(id));
            writer.WriteString("message", CancelledMessage);
            writer.WriteEndObject();
        });

    private static string PageHref(int number, int size) => $"/subscriptions?page={number}&size={size}";

    private static void Resource(Utf8JsonWriter writer, Subscription subscription)
    {
        writer.WriteStartObject();
        Links(writer, subscription.SelfHref);
        writer.WriteString("UUID", subscription.Id.ToString("D"));
        Fields(writer, subscription);
        writer.WriteEndObject();
    }

    private static void Fields(Utf8JsonWriter writer, Subscription subscription)
    {
        writer.WriteString("mode", SubscriptionJson.ModeName(subscription.Mode));
        writer.WriteString("state", SubscriptionJson.StateName(subscription.State));
        writer.WriteString("createdAt", SubscriptionJson.Timestamp(subscription.CreatedAt));
        if (subscription.IsWebhook)
        {
            writer.WriteString("callbackUrl", subscription.CallbackUrl);
            writer.WriteString("profile", SubscriptionJson.ProfileName(subscription.Profile));
        }
        else
        {
            // The adidas API guidelines' streaming variant: the topic to read; its records carry this subscription's UUID in a header.
            writer.WriteString("topic", subscription.Topic);
        }

        SubscriptionJson.WriteApiFilter(writer, subscription.Filter);
    }

    private static void Links(Utf8JsonWriter writer, string self)
    {
        writer.WriteStartObject("_links");
        Link(writer, "self", self);
        writer.WriteEndObject();
    }

    private static void Link(Utf8JsonWriter writer, string name, string href)
    {
        writer.WriteStartObject(name);
        writer.WriteString("href", href);
        writer.WriteEndObject();
    }

    private static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        var writer = new Utf8JsonWriter(context.Response.BodyWriter, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        await using (writer.ConfigureAwait(false))
        {
            body(writer);
        }
    }
}
