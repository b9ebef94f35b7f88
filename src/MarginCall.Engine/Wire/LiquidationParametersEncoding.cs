using MarginCall.Engine.Liquidation;

namespace MarginCall.Engine.Wire;

/// <summary>
/// <see cref="LiquidationParameters"/> field by field, in declaration order: durations (ms), counts and the fund id as
/// eight- or four-byte integers, rates (ppm) and amounts (quantums) as eight bytes, flags and the curve as one byte.
/// Used by the commands and events that carry parameters, the genesis record, the snapshot and the state hash. A new
/// parameter is appended at the end (and the genesis format version raised); <c>DefinitionEncodingTests</c> fails when a
/// property is missing from this list.
/// </summary>
public static class LiquidationParametersEncoding
{
    /// <summary>Writes every field.</summary>
    public static void Write(in WireWriter w, LiquidationParameters p)
    {
        w.WriteInt64(p.MaxOracleAgeMs);
        w.WritePpm(p.JumpBand);
        w.WriteInt64(p.TwapWindowMs);
        w.WritePpm(p.BasisEmaWeight);
        w.WritePpm(p.TargetHealth);
        w.WritePpm(p.MaxPositionPortionPerWindow);
        w.WriteQuantums(p.MaxAccountNotionalPerWindow);
        w.WriteQuantums(p.MarketCapacityPerWindow);
        w.WriteInt64(p.WindowMs);
        w.WriteQuantums(p.MinimumNotional);
        w.WritePpm(p.CriticalHealth);
        w.WriteBoolean(p.AutoLiquidate);
        w.WritePpm(p.SpreadToMaintenanceRatio);
        w.WritePpm(p.BankruptcyAdjustment);
        w.WritePpm(p.MaxFeeRate);
        w.WritePpm(p.BaseFeeRate);
        w.WritePpm(p.FeeRatePerHealthDeficit);
        w.WritePpm(p.FeeRatePerMinute);
        w.WriteQuantums(p.MinimumReward);
        w.WritePpm(p.MinimumProfit);
        w.WritePpm(p.KeeperShare);
        w.WritePpm(p.VolatilityPerWindow);
        w.WriteInt32(p.InsuranceFund);
        w.WriteByte((byte)p.AuctionCurve);
        w.WritePpm(p.AuctionStartPremium);
        w.WriteInt64(p.AuctionDurationMs);
        w.WriteInt64(p.AuctionStepMs);
        w.WritePpm(p.AuctionCut);
        w.WritePpm(p.AuctionResetDrop);
        w.WriteInt32(p.AuctionMaxResets);
        w.WriteQuantums(p.AuctionTip);
        w.WritePpm(p.AuctionChip);
        w.WriteQuantums(p.MarketAuctionCap);
        w.WriteQuantums(p.GlobalAuctionCap);
        w.WritePpm(p.BackstopHealth);
        w.WriteQuantums(p.InsuranceFundFloor);
        w.WriteQuantums(p.InsurancePayoutCapPerWindow);
        w.WriteBoolean(p.AutoDeleverage);
        w.WriteInt32(p.BookWindowsBeforeAuction);
        w.WritePpm(p.FundUnwindMaxSlippage);
        w.WritePpm(p.FundUnwindPortionPerWindow);
        w.WritePpm(p.BackstopCapacity);
        w.WritePpm(p.FundUnwindDepthShare);
    }

    /// <summary>
    /// Reads what <see cref="Write"/> wrote. The set is not validated here: a <c>SetLiquidationParameters</c> command
    /// may carry an invalid set, which the engine refuses with a rejection naming the field.
    /// </summary>
    public static LiquidationParameters Read(ref WireReader r) => new()
    {
        MaxOracleAgeMs = r.ReadInt64(nameof(LiquidationParameters.MaxOracleAgeMs)),
        JumpBand = r.ReadPpm(nameof(LiquidationParameters.JumpBand)),
        TwapWindowMs = r.ReadInt64(nameof(LiquidationParameters.TwapWindowMs)),
        BasisEmaWeight = r.ReadPpm(nameof(LiquidationParameters.BasisEmaWeight)),
        TargetHealth = r.ReadPpm(nameof(LiquidationParameters.TargetHealth)),
        MaxPositionPortionPerWindow = r.ReadPpm(nameof(LiquidationParameters.MaxPositionPortionPerWindow)),
        MaxAccountNotionalPerWindow = r.ReadQuantums(nameof(LiquidationParameters.MaxAccountNotionalPerWindow)),
        MarketCapacityPerWindow = r.ReadQuantums(nameof(LiquidationParameters.MarketCapacityPerWindow)),
        WindowMs = r.ReadInt64(nameof(LiquidationParameters.WindowMs)),
        MinimumNotional = r.ReadQuantums(nameof(LiquidationParameters.MinimumNotional)),
        CriticalHealth = r.ReadPpm(nameof(LiquidationParameters.CriticalHealth)),
        AutoLiquidate = r.ReadBoolean(nameof(LiquidationParameters.AutoLiquidate)),
        SpreadToMaintenanceRatio = r.ReadPpm(nameof(LiquidationParameters.SpreadToMaintenanceRatio)),
        BankruptcyAdjustment = r.ReadPpm(nameof(LiquidationParameters.BankruptcyAdjustment)),
        MaxFeeRate = r.ReadPpm(nameof(LiquidationParameters.MaxFeeRate)),
        BaseFeeRate = r.ReadPpm(nameof(LiquidationParameters.BaseFeeRate)),
        FeeRatePerHealthDeficit = r.ReadPpm(nameof(LiquidationParameters.FeeRatePerHealthDeficit)),
        FeeRatePerMinute = r.ReadPpm(nameof(LiquidationParameters.FeeRatePerMinute)),
        MinimumReward = r.ReadQuantums(nameof(LiquidationParameters.MinimumReward)),
        MinimumProfit = r.ReadPpm(nameof(LiquidationParameters.MinimumProfit)),
        KeeperShare = r.ReadPpm(nameof(LiquidationParameters.KeeperShare)),
        VolatilityPerWindow = r.ReadPpm(nameof(LiquidationParameters.VolatilityPerWindow)),
        InsuranceFund = r.ReadInt32(nameof(LiquidationParameters.InsuranceFund)),
        AuctionCurve = r.ReadEnum<AuctionCurve>(nameof(LiquidationParameters.AuctionCurve)),
        AuctionStartPremium = r.ReadPpm(nameof(LiquidationParameters.AuctionStartPremium)),
        AuctionDurationMs = r.ReadInt64(nameof(LiquidationParameters.AuctionDurationMs)),
        AuctionStepMs = r.ReadInt64(nameof(LiquidationParameters.AuctionStepMs)),
        AuctionCut = r.ReadPpm(nameof(LiquidationParameters.AuctionCut)),
        AuctionResetDrop = r.ReadPpm(nameof(LiquidationParameters.AuctionResetDrop)),
        AuctionMaxResets = r.ReadInt32(nameof(LiquidationParameters.AuctionMaxResets)),
        AuctionTip = r.ReadQuantums(nameof(LiquidationParameters.AuctionTip)),
        AuctionChip = r.ReadPpm(nameof(LiquidationParameters.AuctionChip)),
        MarketAuctionCap = r.ReadQuantums(nameof(LiquidationParameters.MarketAuctionCap)),
        GlobalAuctionCap = r.ReadQuantums(nameof(LiquidationParameters.GlobalAuctionCap)),
        BackstopHealth = r.ReadPpm(nameof(LiquidationParameters.BackstopHealth)),
        InsuranceFundFloor = r.ReadQuantums(nameof(LiquidationParameters.InsuranceFundFloor)),
        InsurancePayoutCapPerWindow = r.ReadQuantums(nameof(LiquidationParameters.InsurancePayoutCapPerWindow)),
        AutoDeleverage = r.ReadBoolean(nameof(LiquidationParameters.AutoDeleverage)),
        BookWindowsBeforeAuction = r.ReadInt32(nameof(LiquidationParameters.BookWindowsBeforeAuction)),
        FundUnwindMaxSlippage = r.ReadPpm(nameof(LiquidationParameters.FundUnwindMaxSlippage)),
        FundUnwindPortionPerWindow = r.ReadPpm(nameof(LiquidationParameters.FundUnwindPortionPerWindow)),
        BackstopCapacity = r.ReadPpm(nameof(LiquidationParameters.BackstopCapacity)),
        FundUnwindDepthShare = r.ReadPpm(nameof(LiquidationParameters.FundUnwindDepthShare)),
    };
}
