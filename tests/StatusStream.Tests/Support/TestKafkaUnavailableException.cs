namespace StatusStream.Tests.Support;

/// <summary>
/// The broker the test variables ask for cannot be had. Its message is one line that says what was
/// asked, what is missing and what to set instead, because it is all a failing run shows of it.
/// </summary>
internal sealed class TestKafkaUnavailableException : Exception
{
    public TestKafkaUnavailableException()
    {
    }

    public TestKafkaUnavailableException(string message) : base(message)
    {
    }

    public TestKafkaUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
