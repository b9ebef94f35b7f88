namespace MarginCall.Server;

/// <summary>Limits of the HTTP front: every request is bounded in size and count.</summary>
public sealed record ServerOptions
{
    /// <summary>Largest request body accepted (413 beyond).</summary>
    public long MaxRequestBytes { get; init; } = 4L << 20;

    /// <summary>Commands one POST may carry.</summary>
    public int MaxCommandsPerRequest { get; init; } = 10_000;

    /// <summary>Requests per second one keeper key may make to the command endpoint (429 beyond).</summary>
    public int KeeperRequestsPerSecond { get; init; } = 100;

    /// <summary>Most accounts one at-risk page or events one events page returns.</summary>
    public int MaxPage { get; init; } = 1_000;
}
