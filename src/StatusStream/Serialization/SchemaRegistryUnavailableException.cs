namespace StatusStream.Serialization;

/// <summary>
/// The registry did not give a subject's schema id: down, too slow, refused the credentials or the schema. Always
/// transient for delivery (an operator can bring it back, fix the credentials or the compatibility setting; the
/// retries buy that time). <see cref="Exception.Message"/> is one line for logs and retry headers, never a secret.
/// </summary>
internal sealed class SchemaRegistryUnavailableException : Exception
{
    public SchemaRegistryUnavailableException()
    {
    }

    public SchemaRegistryUnavailableException(string message) : base(message)
    {
    }

    public SchemaRegistryUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
