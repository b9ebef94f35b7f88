using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;

namespace MarginCall.KeeperClient.Service;

/// <summary>One market of <c>GET /v1/venue</c>: its definition, the parameters in force, the oracle's staleness and the mark.</summary>
/// <param name="Definition">The market's static definition.</param>
/// <param name="Parameters">Its liquidation parameters.</param>
/// <param name="IsStale">Whether its oracle is stale.</param>
/// <param name="Mark">Its mark price.</param>
public sealed record VenueMarket(PerpetualMarket Definition, LiquidationParameters Parameters, bool IsStale, Price Mark);

/// <summary><c>GET /v1/venue</c>: the markets by id and the execution-cost feed, as of <paramref name="Sequence"/>.</summary>
/// <param name="Sequence">The last command applied when it was read.</param>
/// <param name="ExecutionCost">What one keeper transaction costs, quote quantums.</param>
/// <param name="Markets">By id (0 … count − 1).</param>
public sealed record VenueSnapshot(long Sequence, Quantums ExecutionCost, IReadOnlyList<VenueMarket> Markets);

/// <summary>One price level of <c>GET /v1/markets/{id}/book</c>.</summary>
/// <param name="Price">Price units.</param>
/// <param name="Size">Base quantums resting at it.</param>
public readonly record struct BookLevelSnapshot(Price Price, long Size);

/// <summary><c>GET /v1/markets/{id}/book</c>: the best levels of each side, best first.</summary>
/// <param name="Bids">Resting buys, highest first.</param>
/// <param name="Asks">Resting sells, lowest first.</param>
public sealed record BookSnapshot(IReadOnlyList<BookLevelSnapshot> Bids, IReadOnlyList<BookLevelSnapshot> Asks);

/// <summary>One durable command's events as the service sends them (<c>{"sequence":n,"events":[…]}</c>).</summary>
/// <param name="Sequence">The command's sequence.</param>
/// <param name="Events">Its events, in engine order.</param>
public sealed record StreamBatch(long Sequence, IReadOnlyList<Engine.Events.EngineEvent> Events);
