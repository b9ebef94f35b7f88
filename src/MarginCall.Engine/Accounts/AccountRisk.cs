using System.Runtime.InteropServices;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Engine.Accounts;

/// <summary>The engine's per-account liquidation bookkeeping, stored in an array parallel to the accounts.</summary>
/// <remarks>
/// Packed to 25 bytes (a one-byte state and three longs) instead of 32 with padding: one entry per account, so the
/// 7 bytes count at a million accounts. The longs may sit unaligned, which x64 and arm64 read and write at no real
/// cost; nothing takes them atomically (Interlocked would need them aligned).
/// </remarks>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct AccountRisk
{
    /// <summary>Current state.</summary>
    public LiquidationState State;

    /// <summary>When the account entered Liquidatable/InLiquidation, engine milliseconds (drives the time-escalating fee).</summary>
    public long LiquidationStartMs;

    /// <summary>Start of the account's current liquidation window, engine milliseconds.</summary>
    public long WindowStartMs;

    /// <summary>Notional liquidated for this account in the current window, quote quantums.</summary>
    public long WindowNotional;
}
