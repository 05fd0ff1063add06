using Confluent.Kafka;

namespace StatusStream.Kafka;

/// <summary>
/// Asks Confluent.Kafka and its librdkafka whether they know a Kafka:ClientProperties entry and accept its value, the
/// way they do when a client is built, without building one: so a misspelled pass-through property is reported at start,
/// by name, instead of failing the first client made from it.
/// </summary>
/// <remarks>
/// Building a client hands librdkafka its properties one by one, in order, and throws at the first it refuses
/// (<see cref="InvalidOperationException"/> for an unknown name, <see cref="ArgumentException"/> for a refused value),
/// before any client exists. The entry is followed by one that librdkafka never knows, so a check that passes stops
/// there too: no client is made (making and destroying one takes 100 ms), and the entry is judged on its own, as
/// librdkafka judges a single setting, not with a combination check that other entries would complete.
/// </remarks>
internal static class ClientPropertyCheck
{
    private const string EndOfCheck = "statusstream.end.of.property.check";

    /// <returns>Null when librdkafka accepts the property, else why not (librdkafka's own words).</returns>
    public static string? Check(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        var config = new ProducerConfig();
        config.Set(name, value);
        config.Set(EndOfCheck, "");
        try
        {
            using var refused = new ProducerBuilder<byte[], byte[]>(config).Build();
        }
        catch (InvalidOperationException e) when (e.Message.Contains(EndOfCheck, StringComparison.Ordinal))
        {
            return null; // librdkafka took the entry and stopped at the end marker
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("No such configuration property", StringComparison.Ordinal))
        {
            return $"librdkafka has no property '{name}'";
        }
        catch (ArgumentException e)
        {
            return e.Message is { Length: > 0 } text ? text : $"librdkafka refuses the value of '{name}'";
        }

        throw new InvalidOperationException($"a client was built from the property check of '{name}': librdkafka accepted '{EndOfCheck}'");
    }
}
