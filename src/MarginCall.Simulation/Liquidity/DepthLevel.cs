namespace MarginCall.Simulation.Liquidity;

/// <summary>One price level of a <see cref="DepthProfile"/>, the same on both sides of the mid.</summary>
/// <param name="OffsetFraction">Distance from the mid as a fraction of it (0.001 = 10 bps): bid at mid × (1 − offset), ask at mid × (1 + offset).</param>
/// <param name="Size">Resting size at full depth, base quantums.</param>
public readonly record struct DepthLevel(double OffsetFraction, long Size);
