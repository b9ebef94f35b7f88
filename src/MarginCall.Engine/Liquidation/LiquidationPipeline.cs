using MarginCall.Engine.Events;
using MarginCall.Engine.State;

namespace MarginCall.Engine.Liquidation;

/// <summary>The liquidation pipeline: cancel orders → size → price bound → execute → fee (DESIGN §5.3–5.7).</summary>
internal sealed class LiquidationPipeline
{
    /// <summary>Whether the engine should liquidate the account by itself now (automatic mode, fresh oracles).</summary>
    public bool ShouldAutoLiquidate(EngineState state, int slot) => false;

    /// <summary>Runs one liquidation step for the account in <paramref name="slot"/>; <paramref name="keeper"/> null = the engine itself.</summary>
    public void Step(EngineState state, int slot, string? keeper, List<EngineEvent> events)
    {
    }
}
