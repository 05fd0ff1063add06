using System.Reflection;
using System.Text.RegularExpressions;
using StatusStream.Cli;
using StatusStream.DeadLetters;

namespace StatusStream.Tests.Cli;

public sealed class DeadLetterReasonsTests
{
    [Fact]
    public void Known_HasEveryReasonConstantOfTheApp()
    {
        // Each stage and transport names its reasons as a "...Reason" constant; a new one must reach the operator's list.
        var constants = typeof(DeadLetterReasons).Assembly.GetTypes()
            .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(field => field is { IsLiteral: true } && field.FieldType == typeof(string) && field.Name.EndsWith("Reason", StringComparison.Ordinal))
            .Select(field => (string)field.GetRawConstantValue()!)
            .Where(value => Regex.IsMatch(value, "^[a-z]+(-[a-z]+)*$") && value != DeadLetter.ReplayedMarkerReason)
            .ToList();

        Assert.True(constants.Count >= 10, $"only {constants.Count} reason constants found: the search is broken");
        Assert.All(constants, reason => Assert.Contains(reason, DeadLetterReasons.Known));
        Assert.Contains("key-too-large", DeadLetterReasons.Known);
        Assert.Equal(DeadLetterReasons.Known.Count, DeadLetterReasons.Known.Distinct().Count());
    }

    [Theory]
    [InlineData("city.parking-callback")]
    [InlineData("city.*")]
    [InlineData("https://hooks.example:8443")]
    [InlineData("https://hooks.example*")]
    [InlineData("http://127.0.0.1:18089")]
    public void TargetForm_WhatDeadLettersShow_Accepted(string target) => Assert.Null(DeadLetterTargetForm.Problem(target));

    [Theory]
    [InlineData("https://hooks.example:8443/services/T0")]
    [InlineData("https://hooks.example:8443/*")]
    [InlineData("https://user@hooks.example")]
    [InlineData("https://hooks.example?token=x")]
    [InlineData("city parking")]
    public void TargetForm_WhatDeadLettersNeverShow_Refused(string target) => Assert.NotNull(DeadLetterTargetForm.Problem(target));
}
