using System.Runtime.InteropServices;

namespace StatusStream.Embedded;

/// <summary>
/// Asks the librdkafka that Confluent.Kafka loaded whether it knows a configuration property and
/// accepts a value for it, without creating a client: a configuration handle is made, set and
/// destroyed. So a misspelled pass-through property is reported at start-up, by name, instead of
/// failing the first client built from it.
/// </summary>
public static class LibRdKafkaProperty
{
    private const int ErrorTextCapacity = 512;

    /// <summary><c>RD_KAFKA_CONF_UNKNOWN</c> in <c>rd_kafka_conf_res_t</c>.</summary>
    private const int ConfUnknown = -2;

    /// <returns>Null when librdkafka accepts the property, else why not (librdkafka's own words).</returns>
    public static unsafe string? Check(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        var conf = LibRdKafkaMock.ConfNew();
        try
        {
            var errorText = stackalloc byte[ErrorTextCapacity];
            var result = LibRdKafkaMock.ConfSet(conf, name, value, errorText, ErrorTextCapacity);
            return result switch
            {
                LibRdKafkaMock.ConfOk => null,
                ConfUnknown => $"librdkafka has no property '{name}'",
                _ => Marshal.PtrToStringUTF8((nint)errorText) is { Length: > 0 } text ? text : $"librdkafka refuses the value of '{name}'",
            };
        }
        finally
        {
            LibRdKafkaMock.ConfDestroy(conf);
        }
    }
}
