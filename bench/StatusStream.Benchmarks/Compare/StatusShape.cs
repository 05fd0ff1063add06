using System.Text;
using StatusStream.Records;

namespace StatusStream.Benchmarks.Compare;

/// <summary>The status-shaped record the same-shape sides produce (<see cref="BaselineLoop"/>, <see cref="StreamizFanOut"/>).</summary>
internal static class StatusShape
{
    // The processor's own JSON of a failed status: the larger of the two shapes the feed makes.
    public static readonly byte[] Value = Encoding.UTF8.GetBytes(
        """{"event_id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","recipient":"2089ad58-857e-4b31-a647-b78432c129d2","success":false,"error":"mailbox full","provider":"email"}""");

    public static readonly byte[] Recipient = Encoding.UTF8.GetBytes("2089ad58-857e-4b31-a647-b78432c129d2");

    public static readonly byte[] StatusId = Encoding.UTF8.GetBytes("7c9e6679-7425-40de-944b-e07fc1f90ae7:2089ad58-857e-4b31-a647-b78432c129d2");

    public static readonly byte[] ContentType = Encoding.UTF8.GetBytes(StatusHeaders.JsonContentType);
}
