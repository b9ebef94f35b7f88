using MarginCall.Core.Model;

namespace MarginCall.Simulation.Population;

/// <summary>One position to open at setup, in the scenario's whole units.</summary>
/// <param name="Market">Index of the market in the scenario.</param>
/// <param name="IsLong">Long or short.</param>
/// <param name="Notional">Quote value at the initial price, whole quote units.</param>
/// <param name="Leverage">Notional over the collateral backing it.</param>
/// <param name="Mode">Cross or isolated.</param>
public readonly record struct PlannedPosition(int Market, bool IsLong, double Notional, double Leverage, MarginMode Mode);

/// <summary>One account to create at setup.</summary>
/// <param name="Owner">Owner label (also the account's number in the population).</param>
/// <param name="Positions">Its positions, at most one per market.</param>
public sealed record PlannedAccount(long Owner, IReadOnlyList<PlannedPosition> Positions);
