using MarginCall.Engine.Events;

namespace MarginCall.KeeperClient.Service;

/// <summary>How the service answered one command (docs/service.md, <c>POST /v1/commands</c>).</summary>
public enum SubmitKind
{
    /// <summary>Durable and applied: its sequence and events.</summary>
    Acknowledged,

    /// <summary>Durable but refused by the engine (422): someone was faster, the account recovered, the price moved.</summary>
    Refused,

    /// <summary>The keeper's 100 requests/s were spent (429): nothing was queued.</summary>
    RateLimited,

    /// <summary>The engine's queue was full or the host stopped (503): nothing was queued.</summary>
    Busy,

    /// <summary>Any other answer (400, 403, …): a configuration or programming error, nothing was queued.</summary>
    Failed,
}

/// <summary>One answer of <see cref="KeeperApi.SubmitAsync"/>.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Sequence">The command's sequence when it is durable (acknowledged or refused).</param>
/// <param name="Events">The events of an acknowledged command (empty otherwise).</param>
/// <param name="Reason">The engine's rejection reason (refused), or the problem's detail (failed).</param>
/// <param name="RetryAfter">How long to hold off (rate limited, busy).</param>
public sealed record SubmitOutcome(SubmitKind Kind, long? Sequence, IReadOnlyList<EngineEvent> Events, string? Reason, TimeSpan RetryAfter);
