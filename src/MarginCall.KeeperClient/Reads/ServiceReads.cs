using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.KeeperClient.Service;
using MarginCall.Keeper.Strategy;

namespace MarginCall.KeeperClient.Reads;

/// <summary>
/// <see cref="IKeeperReads"/> over the service's read API, cached: the venue (definitions, parameters, staleness, the
/// execution-cost feed, marks) is read once (<c>GET /v1/venue</c>) and kept current from the events after it
/// (<see cref="MarketListed"/>, <see cref="ParametersApplied"/>, <see cref="OracleStalenessChanged"/>,
/// <see cref="ExecutionCostChanged"/>, <see cref="MarkPriceChanged"/>); an account's standing, which needs the engine's
/// margin math at the marks, is read from <c>GET /v1/accounts/{id}</c> at most once between two
/// <see cref="Invalidate"/> calls (the runner invalidates after each command it sends, so a decision never rests on a
/// standing older than the keeper's own last command). The strategy's interface is synchronous: a standing not cached
/// yet is read while the strategy waits (the runner's loop has nothing else to do meanwhile).
/// </summary>
public sealed class ServiceReads : IKeeperReads
{
    private readonly KeeperApi api;
    private readonly List<VenueMarket> markets;
    private readonly long loadedAt;
    private readonly Dictionary<long, AccountStanding?> standings = [];
    private Quantums executionCost;

    private ServiceReads(KeeperApi api, VenueSnapshot venue)
    {
        this.api = api;
        markets = [.. venue.Markets];
        loadedAt = venue.Sequence;
        executionCost = venue.ExecutionCost;
    }

    /// <summary>Account reads sent to the service so far.</summary>
    public long AccountReads { get; private set; }

    /// <inheritdoc />
    public int MarketCount => markets.Count;

    /// <inheritdoc />
    public Quantums ExecutionCost => executionCost;

    /// <summary>Reads the venue once.</summary>
    public static async Task<ServiceReads> LoadAsync(KeeperApi api, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(api);
        return new ServiceReads(api, await api.VenueAsync(cancellation).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public PerpetualMarket Market(MarketId market) => markets[market.Value].Definition;

    /// <inheritdoc />
    public LiquidationParameters Parameters(MarketId market) => markets[market.Value].Parameters;

    /// <inheritdoc />
    public bool IsStale(MarketId market) => markets[market.Value].IsStale;

    /// <summary>The market's mark as the events told it.</summary>
    public Price Mark(MarketId market) => markets[market.Value].Mark;

    /// <summary>Keeps the venue current: events at or before the sequence it was read at are already in it.</summary>
    public void Observe(EngineEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Sequence <= loadedAt) return;
        switch (e)
        {
            case MarketListed listed:
                markets.Add(new VenueMarket(listed.Market, listed.Parameters, false, default));
                break;
            case ParametersApplied applied:
                markets[applied.Market.Value] = markets[applied.Market.Value] with { Parameters = applied.Parameters };
                break;
            case OracleStalenessChanged staleness:
                markets[staleness.Market.Value] = markets[staleness.Market.Value] with { IsStale = staleness.Stale };
                break;
            case MarkPriceChanged mark:
                markets[mark.Market.Value] = markets[mark.Market.Value] with { Mark = mark.Mark };
                break;
            case ExecutionCostChanged cost:
                executionCost = cost.Cost;
                break;
        }
    }

    /// <summary>Forgets the cached standings: the next decision reads them afresh.</summary>
    public void Invalidate() => standings.Clear();

    /// <inheritdoc />
    public AccountStanding? Standing(AccountId account)
    {
        if (standings.TryGetValue(account.Value, out var cached)) return cached;
        AccountReads++;
        var standing = api.StandingAsync(account, CancellationToken.None).GetAwaiter().GetResult();
        standings[account.Value] = standing;
        return standing;
    }
}
