namespace MarginCall.Engine.Events;

/// <summary>Why outstanding bad debt changed (<see cref="BadDebtChanged"/>). Wire values are explicit and append-only (frozen by <c>WireCodeGoldenTests</c>).</summary>
public enum BadDebtReason : byte
{
    /// <summary>A backstop takeover left the insurance fund below zero: the shortfall is bad debt.</summary>
    InsuranceFundBelowZero = 1,

    /// <summary>A socialized loss over open interest repaid bad debt.</summary>
    SocializedOverOpenInterest = 2,
}
