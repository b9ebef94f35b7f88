using MarginCall.Core.Model;
using MarginCall.Engine.Events;

namespace MarginCall.Hosting.Events;

/// <summary>
/// Which events a subscription receives: each set left null admits everything; the sets that are given must all admit
/// the event (an account filter matches an event that names the account anywhere, <see cref="EventScope"/>).
/// </summary>
public sealed record EventFilter(IReadOnlySet<AccountId>? Accounts = null, IReadOnlySet<MarketId>? Markets = null, IReadOnlySet<EventCode>? Kinds = null)
{
    /// <summary>Every event.</summary>
    public static EventFilter All { get; } = new();

    /// <summary>True when no set restricts anything.</summary>
    public bool AdmitsAll => Accounts is null && Markets is null && Kinds is null;

    /// <summary>Whether <paramref name="value"/> passes.</summary>
    public bool Admits(EngineEvent value)
    {
        if (Kinds is not null && !Kinds.Contains(value.Code)) return false;
        if (Markets is not null && (EventScope.MarketOf(value) is not { } market || !Markets.Contains(market))) return false;
        if (Accounts is null) return true;
        foreach (var account in Accounts)
        {
            if (EventScope.Concerns(value, account)) return true;
        }

        return false;
    }
}
