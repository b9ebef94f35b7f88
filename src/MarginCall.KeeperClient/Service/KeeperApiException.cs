namespace MarginCall.KeeperClient.Service;

/// <summary>A read of the service failed: its status and the problem's detail (the API key is never in the message).</summary>
public sealed class KeeperApiException(string message, int? status = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The HTTP status, when the service answered.</summary>
    public int? Status { get; } = status;
}
