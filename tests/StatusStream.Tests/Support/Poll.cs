namespace StatusStream.Tests.Support;

/// <summary>Waiting without fixed sleeps: check a condition until it holds or a deadline passes.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan deadline, Func<string> describe)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > deadline)
            {
                Assert.Fail($"Not reached within {deadline.TotalSeconds:0.#} s: {describe()}");
            }

            await Task.Yield();
            await Task.Delay(20);
        }
    }
}
