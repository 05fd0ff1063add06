using System.Text.Json;
using StatusStream.Records;

namespace StatusStream.Intake;

/// <summary>Reads the optional <c>source</c> object (the sending service's namespace and service), shared by every input grammar that names its owner.</summary>
internal static class SourceReader
{
    public static InvalidInput? Read(ref Utf8JsonReader reader, out EventSource? source)
    {
        source = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return InvalidInput.SchemaViolation($"source: expected an object or null, found {DetailText.Describe(reader.TokenType)}");
        }

        var seen = SourceProperties.None;
        string? @namespace = null;
        string? service = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = SourcePropertyOf(ref reader);
            if (property == SourceProperties.None)
            {
                return InvalidInput.SchemaViolation($"source: unknown property {DetailText.EchoToken(ref reader)} (allowed: namespace, service)");
            }

            var path = property == SourceProperties.Namespace ? "source.namespace" : "source.service";
            if ((seen & property) != 0)
            {
                return InvalidInput.SchemaViolation($"{path}: occurs twice");
            }

            seen |= property;
            reader.Read();
            var problem = property == SourceProperties.Namespace
                ? ReadNonEmptyString(ref reader, path, out @namespace)
                : ReadNonEmptyString(ref reader, path, out service);
            if (problem is not null)
            {
                return problem;
            }
        }

        if (@namespace is null)
        {
            return InvalidInput.SchemaViolation("source.namespace: required");
        }

        if (service is null)
        {
            return InvalidInput.SchemaViolation("source.service: required");
        }

        source = new EventSource(@namespace, service);
        return null;
    }

    private static SourceProperties SourcePropertyOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped && JsonStringEscapes.HasLoneSurrogate(reader.ValueSpan))
        {
            return SourceProperties.None;
        }

        return reader.ValueTextEquals("namespace"u8) ? SourceProperties.Namespace
            : reader.ValueTextEquals("service"u8) ? SourceProperties.Service
            : SourceProperties.None;
    }

    private static InvalidInput? ReadNonEmptyString(ref Utf8JsonReader reader, string path, out string? value)
    {
        var problem = JsonFields.ReadString(ref reader, path, out value);
        if (problem is null && value!.Length == 0)
        {
            value = null;
            return InvalidInput.SchemaViolation($"{path}: must not be empty");
        }

        return problem;
    }
}
