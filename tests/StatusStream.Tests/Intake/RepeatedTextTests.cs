using System.Text;
using System.Text.Json;
using StatusStream.Intake;

namespace StatusStream.Tests.Intake;

/// <summary>Values that repeat across events decode to one shared string, exactly as GetString would decode them.</summary>
public sealed class RepeatedTextTests
{
    [Theory]
    [InlineData("\"email\"", "email")]
    [InlineData("\"caf\u00e9 \u2603\"", "caf\u00e9 \u2603")]
    [InlineData("\"caf\\u00e9\"", "caf\u00e9")]
    [InlineData("\"\"", "")]
    public void Read_Value_DecodedAsGetStringDoes(string json, string expected)
    {
        Assert.Equal(expected, Read(json));
        Assert.Equal(expected, Read(json));
    }

    [Fact]
    public void Read_SameValueTwice_OneString()
    {
        OnFreshThread(() =>
        {
            var first = Read("\"notify-sms\"");

            Assert.Same(first, Read("\"notify-sms\""));
            Assert.NotSame(first, Read("\"notify-email\""));
        });
    }

    [Fact]
    public void Read_ManyValuesSharingSlots_EachExactEveryTime()
    {
        OnFreshThread(() =>
        {
            // More values than slots, so several share one: a slot answers only for its own bytes.
            var values = Enumerable.Range(0, 100).Select(i => i % 2 == 0 ? $"provider-{i}" : $"team.service-{i}-callback").ToList();
            for (var round = 0; round < 3; round++)
            {
                foreach (var value in values)
                {
                    Assert.Equal(value, Read($"\"{value}\""));
                }
            }
        });
    }

    [Fact]
    public void Read_SameLengthSameEnds_StillTellsThemApart()
    {
        OnFreshThread(() =>
        {
            Assert.Equal("email", Read("\"email\""));
            Assert.Equal("eXail", Read("\"eXail\""));
            Assert.Equal("email", Read("\"email\""));
            Assert.Equal("eXail", Read("\"eXail\""));
        });
    }

    [Fact]
    public void Read_LongerThanKept_DecodedEachTime()
    {
        var json = $"\"{new string('x', RepeatedText.MaxLength + 1)}\"";

        var first = Read(json);

        Assert.Equal(RepeatedText.MaxLength + 1, first.Length);
        Assert.NotSame(first, Read(json));
    }

    [Fact]
    public void Read_MoreDistinctValuesThanItKeeps_StartsOver_StillExact()
    {
        OnFreshThread(() =>
        {
            var first = Read("\"provider-0\"");
            for (var i = 1; i <= RepeatedText.Capacity; i++)
            {
                Assert.Equal($"provider-{i}", Read($"\"provider-{i}\""));
            }

            var again = Read("\"provider-0\"");
            Assert.Equal(first, again);
            Assert.NotSame(first, again);
        });
    }

    // The table and its slots are per thread, and an earlier test on this thread may have filled them: a fresh thread
    // starts with both empty, so what a test reads really goes through the slots.
    private static void OnFreshThread(Action test)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                test();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    private static string Read(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return RepeatedText.Read(ref reader);
    }
}
