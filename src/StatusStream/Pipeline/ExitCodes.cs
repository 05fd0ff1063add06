namespace StatusStream.Pipeline;

/// <summary>Process exit codes, documented in docs/commands.md.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A fatal client or pipeline error: what was acknowledged is committed, the rest is read again on restart.</summary>
    public const int Fatal = 1;

    /// <summary>Bad configuration or command line; the message names the setting.</summary>
    public const int Configuration = 2;
}
