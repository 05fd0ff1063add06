namespace StatusStream.Records;

/// <summary>One failed delivery attempt, as kept in <see cref="FailureHistory"/>.</summary>
/// <param name="Attempt">1 for the first delivery, 2 for the first retry, ...</param>
/// <param name="Error">"kafka:&lt;code&gt;: &lt;reason&gt;" or similar; bounded and single-line once in a history.</param>
internal sealed record AttemptRecord(int Attempt, DateTimeOffset At, FailureClass Class, string Error);
