namespace StatusStream.Records;

/// <summary>The lower-case names of <see cref="FailureClass"/> written to headers and histories.</summary>
internal static class FailureClassNames
{
    public static string Name(FailureClass failureClass) => failureClass switch
    {
        FailureClass.Transient => "transient",
        FailureClass.Permanent => "permanent",
        _ => "fatal",
    };
}
