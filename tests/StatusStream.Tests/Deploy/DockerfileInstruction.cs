namespace StatusStream.Tests.Deploy;

/// <summary>One instruction of a Dockerfile: its keyword (upper case), its arguments as written, and the stage it belongs to.</summary>
internal sealed record DockerfileInstruction(string Keyword, string Arguments, int Stage)
{
    /// <summary>The instruction as one normalised line, e.g. <c>USER 1654:1654</c>.</summary>
    public string Line => $"{Keyword} {Arguments}";
}
