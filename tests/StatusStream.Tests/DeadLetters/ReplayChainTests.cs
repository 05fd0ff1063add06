using Confluent.Kafka;
using StatusStream.DeadLetters;
using StatusStream.Records;

namespace StatusStream.Tests.DeadLetters;

public sealed class ReplayChainTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    /// <param name="inputOffset">Where its input record was on events[0] (statusstream.original.offset).</param>
    /// <param name="replayOf">A statusstream.replay-of header on the dead letter itself, as older versions copied it from the input record.</param>
    private static DeadLetter Intake(int partition, long offset, int minute, long? inputOffset = null, string? replayOf = null) =>
        new(partition, offset, "not-json", DeadLetterHeaders.StageIntake, null, null, T0.AddMinutes(minute), "", "events", "0", $"{inputOffset ?? (100 + offset)}",
            null, replayOf, new Message<byte[], byte[]>());

    private static DeadLetter Delivery(int partition, long offset, int minute, string statusId, string originalOffset = "41") =>
        new(partition, offset, "retries-exhausted", DeadLetterHeaders.StageDelivery, "kafka", "a.b-callback", T0.AddMinutes(minute), "",
            "events", "2", originalOffset, statusId, null, new Message<byte[], byte[]>());

    [Fact]
    public void Of_IntakeDeadLetterOfAReplayedRecord_JoinsTheChainOfTheDeadLetterTheMarkerNames()
    {
        var first = Intake(0, 3, minute: 0);
        var again = Intake(1, 8, minute: 5, inputOffset: 40);
        var third = Intake(0, 12, minute: 9, inputOffset: 55);
        var unrelated = Intake(0, 4, minute: 1);
        // The markers of two replays: the first sent 0:3 back to events[0]@40, the second sent 1:8 back to events[0]@55.
        var replayedTo = new Dictionary<string, string> { ["events:0:40"] = "0:3", ["events:0:55"] = "1:8" };

        var chains = ReplayChain.Of([first, again, third, unrelated], replayedTo);

        Assert.Equal("0:3 -> 1:8 -> 0:12", chains["1:8"].Describe());
        Assert.Same(chains["0:3"], chains["0:12"]);
        Assert.Equal("0:3", chains["0:12"].Root);
        Assert.Single(chains["0:4"].Members);
    }

    [Fact]
    public void Of_ReplayOfHeaderOnADeadLetter_NeverLinksIt_AnInputRecordCouldHaveSetIt()
    {
        var real = Intake(0, 3, minute: 0);
        var forged = Intake(0, 9, minute: 5, replayOf: "0:3");

        var chains = ReplayChain.Of([real, forged]);

        Assert.Single(chains["0:3"].Members);
        Assert.Single(chains["0:9"].Members);
        var scan = new DeadLetterScan([real, forged], new HashSet<string>(["0:9"]));
        Assert.True(scan.IsDueForReplay(real, again: false));
        Assert.False(scan.CameBackAfterReplay(real));
    }

    [Fact]
    public void Of_SameStatusOfSameInputRecord_IsOneChain_OtherStatusesAreNot()
    {
        var first = Delivery(1, 2, minute: 0, "e:r1");
        var again = Delivery(1, 9, minute: 7, "e:r1");
        var otherRecipient = Delivery(1, 3, minute: 0, "e:r2");
        var otherInput = Delivery(1, 4, minute: 0, "e:r1", originalOffset: "42");

        var chains = ReplayChain.Of([again, first, otherRecipient, otherInput]);

        Assert.Equal("1:2 -> 1:9", chains["1:9"].Describe());
        Assert.Single(chains["1:3"].Members);
        Assert.Single(chains["1:4"].Members);
    }

    [Fact]
    public void IsDueForReplay_ChainAlreadyReplayed_SkipsWhatCameBackUnlessAgain()
    {
        var first = Intake(0, 3, minute: 0);
        var again = Intake(1, 8, minute: 5, inputOffset: 40);
        var fresh = Intake(0, 4, minute: 1);
        var scan = new DeadLetterScan([first, again, fresh], new HashSet<string>(["0:3"]), new Dictionary<string, string> { ["events:0:40"] = "0:3" });

        Assert.False(scan.IsDueForReplay(first, again: false));
        Assert.False(scan.IsDueForReplay(again, again: false));
        Assert.True(scan.CameBackAfterReplay(again));
        Assert.True(scan.IsDueForReplay(fresh, again: false));

        Assert.False(scan.IsDueForReplay(first, again: true));
        Assert.True(scan.IsDueForReplay(again, again: true));
        Assert.Equal(["0:3 -> 1:8"], scan.Chains.Select(c => c.Describe()));
    }
}
