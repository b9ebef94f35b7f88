using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;

namespace MarginCall.Engine.Tests.Wire;

/// <summary>
/// The wire codes are a contract: once written to a log, a name's code never changes and no code is removed or reused
/// (as Garnet freezes its persisted enums). This table is the frozen copy. Adding a value is fine (append it here with
/// the next free code); changing or removing one fails.
/// </summary>
public class WireCodeGoldenTests
{
    private static readonly (string Enum, string Name, int Code)[] Frozen =
    [
        ("CommandCode", "CreateAccount", 1),
        ("CommandCode", "Deposit", 2),
        ("CommandCode", "Withdraw", 3),
        ("CommandCode", "TransferIsolatedMargin", 4),
        ("CommandCode", "OraclePrice", 5),
        ("CommandCode", "AssetPrice", 6),
        ("CommandCode", "Trade", 7),
        ("CommandCode", "PlaceOrder", 8),
        ("CommandCode", "CancelOrder", 9),
        ("CommandCode", "SetLiquidationParameters", 10),
        ("CommandCode", "SetExecutionCost", 11),
        ("CommandCode", "UpdateFunding", 12),
        ("CommandCode", "KeeperLiquidate", 13),
        ("CommandCode", "AdvanceTime", 14),
        ("CommandCode", "TakeAuctionLot", 15),
        ("CommandCode", "FundInsurance", 16),
        ("CommandCode", "ListMarket", 17),
        ("CommandCode", "SetMarketStatus", 18),
        ("EventCode", "CommandRejected", 1),
        ("EventCode", "AccountCreated", 2),
        ("EventCode", "BalanceChanged", 3),
        ("EventCode", "IsolatedMarginTransferred", 4),
        ("EventCode", "TradeSettled", 5),
        ("EventCode", "OrderRested", 6),
        ("EventCode", "OrdersCancelled", 7),
        ("EventCode", "MarkPriceChanged", 8),
        ("EventCode", "OraclePriceClamped", 9),
        ("EventCode", "OracleStalenessChanged", 10),
        ("EventCode", "ParametersApplied", 11),
        ("EventCode", "FundingIndexChanged", 12),
        ("EventCode", "ExecutionCostChanged", 13),
        ("EventCode", "TimeAdvanced", 14),
        ("EventCode", "MarginCallNotice", 15),
        ("EventCode", "LiquidationStateChanged", 16),
        ("EventCode", "InsuranceFundChanged", 17),
        ("EventCode", "LiquidationStep", 18),
        ("EventCode", "AuctionLotOpened", 19),
        ("EventCode", "AuctionLotTaken", 20),
        ("EventCode", "AuctionLotReset", 21),
        ("EventCode", "AuctionLotClosed", 22),
        ("EventCode", "BackstopTakeover", 23),
        ("EventCode", "BackstopDeclined", 24),
        ("EventCode", "Deleveraged", 25),
        ("EventCode", "SocializedLoss", 26),
        ("EventCode", "BadDebtChanged", 27),
        ("EventCode", "AuctionDeferred", 28),
        ("EventCode", "FundUnwound", 29),
        ("EventCode", "MarketListed", 30),
        ("EventCode", "MarketStatusChanged", 31),
        ("RejectionReason", "UnknownAccount", 1),
        ("RejectionReason", "DuplicateAccount", 2),
        ("RejectionReason", "UnknownMarket", 3),
        ("RejectionReason", "UnknownAsset", 4),
        ("RejectionReason", "NonPositiveAmount", 5),
        ("RejectionReason", "NonPositivePrice", 6),
        ("RejectionReason", "NotAMultipleOfStep", 7),
        ("RejectionReason", "NotAMultipleOfTick", 8),
        ("RejectionReason", "StalePrice", 9),
        ("RejectionReason", "InsufficientInitialMargin", 10),
        ("RejectionReason", "InsufficientBalance", 11),
        ("RejectionReason", "BadDebtOutstanding", 12),
        ("RejectionReason", "Overflow", 13),
        ("RejectionReason", "InvalidLiquidationState", 14),
        ("RejectionReason", "InvalidParameters", 15),
        ("RejectionReason", "TimeMovedBackwards", 16),
        ("RejectionReason", "OrderRefused", 17),
        ("RejectionReason", "InvalidTrade", 18),
        ("RejectionReason", "UnknownAuctionLot", 19),
        ("RejectionReason", "AuctionPriceBeyondLimit", 20),
        ("RejectionReason", "AuctionDust", 21),
        ("RejectionReason", "MarketPaused", 22),
        ("CancelReason", "CancelledByOwner", 1),
        ("CancelReason", "AccountEnteredLiquidation", 2),
        ("CancelReason", "SelfTradePrevention", 3),
        ("FundChangeReason", "Deposit", 1),
        ("FundChangeReason", "TradeRounding", 2),
        ("FundChangeReason", "LiquidationFillRounding", 3),
        ("FundChangeReason", "LiquidationFee", 4),
        ("FundChangeReason", "AuctionRounding", 5),
        ("FundChangeReason", "AuctionKeeperIncentive", 6),
        ("FundChangeReason", "BackstopTakeover", 7),
        ("FundChangeReason", "FundUnwind", 8),
        ("FundChangeReason", "DeleveragingRounding", 9),
        ("FundChangeReason", "SocializedLoss", 10),
        ("AuctionOpenReason", "BookCouldNotAbsorb", 1),
        ("AuctionResetReason", "TooOld", 1),
        ("AuctionResetReason", "TooFarFromOracle", 2),
        ("AuctionCloseReason", "TakenInFull", 1),
        ("AuctionCloseReason", "PositionClosed", 2),
        ("AuctionCloseReason", "AccountRecovered", 3),
        ("AuctionCloseReason", "HealthUnderBackstopLevel", 4),
        ("AuctionCloseReason", "AuctionFailed", 5),
        ("AuctionCloseReason", "NoPriceAboveBankruptcy", 6),
        ("BackstopReason", "HealthUnderBackstopLevel", 1),
        ("BackstopReason", "AuctionFailed", 2),
        ("BackstopReason", "NoAuctionPriceAboveBankruptcy", 3),
        ("BadDebtReason", "InsuranceFundBelowZero", 1),
        ("BadDebtReason", "SocializedOverOpenInterest", 2),
        ("MarketStatus", "Active", 1),
        ("MarketStatus", "Paused", 2),
    ];

    // Model enums the codecs also write as one byte. They predate the contract and start at 0, so 0 is a valid code
    // here; the same rule holds: a frozen name keeps its code, a new name takes the next code.
    private static readonly (Type Enum, string Name, int Code)[] FrozenModel =
    [
        (typeof(MarginCall.Core.Model.MarginMode), "Cross", 0),
        (typeof(MarginCall.Core.Model.MarginMode), "Isolated", 1),
        (typeof(MarginCall.Engine.OrderBook.Side), "Buy", 0),
        (typeof(MarginCall.Engine.OrderBook.Side), "Sell", 1),
        (typeof(MarginCall.Engine.Liquidation.AuctionCurve), "Linear", 0),
        (typeof(MarginCall.Engine.Liquidation.AuctionCurve), "StairstepExponential", 1),
        (typeof(MarginCall.Engine.Liquidation.AuctionCurve), "Exponential", 2),
        (typeof(MarginCall.Engine.Liquidation.SizingRule), "TargetHealth", 0),
        (typeof(MarginCall.Engine.Liquidation.SizingRule), "FullClose", 1),
        (typeof(MarginCall.Engine.Liquidation.SizingRule), "PositionPortionCap", 2),
        (typeof(MarginCall.Engine.Liquidation.SizingRule), "AccountWindowCap", 3),
        (typeof(MarginCall.Engine.Liquidation.SizingRule), "MarketCapacityCap", 4),
        (typeof(MarginCall.Engine.Liquidation.SizingRule), "Dust", 5),
        (typeof(MarginCall.Engine.Liquidation.SizingRule), "CriticalBypass", 6),
        (typeof(MarginCall.Engine.Liquidation.SizingRule), "MarketHalted", 7),
        (typeof(MarginCall.Engine.Liquidation.FeeRule), "None", 0),
        (typeof(MarginCall.Engine.Liquidation.FeeRule), "Dynamic", 1),
        (typeof(MarginCall.Engine.Liquidation.FeeRule), "Floor", 2),
        (typeof(MarginCall.Engine.Liquidation.FeeRule), "Cap", 3),
        (typeof(MarginCall.Engine.Liquidation.LiquidationState), "Healthy", 0),
        (typeof(MarginCall.Engine.Liquidation.LiquidationState), "MarginCall", 1),
        (typeof(MarginCall.Engine.Liquidation.LiquidationState), "Liquidatable", 2),
        (typeof(MarginCall.Engine.Liquidation.LiquidationState), "InLiquidation", 3),
        (typeof(MarginCall.Engine.Liquidation.LiquidationState), "Bankrupt", 4),
    ];

    [Fact]
    public void Model_enums_on_the_wire_keep_their_codes_and_append_new_ones()
    {
        foreach (var group in FrozenModel.GroupBy(f => f.Enum))
        {
            var frozen = group.ToDictionary(f => f.Name, f => f.Code);
            foreach (var value in Enum.GetValues(group.Key))
            {
                var code = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
                var name = value.ToString()!;
                if (frozen.TryGetValue(name, out var expected))
                {
                    Assert.Equal(expected, code);
                }
                else
                {
                    Assert.True(code > frozen.Values.Max(), $"{group.Key.Name}.{name} = {code} must take a code after the frozen ones");
                }
            }

            Assert.All(frozen.Keys, name => Assert.True(Enum.IsDefined(group.Key, Enum.Parse(group.Key, name)), $"{group.Key.Name}.{name} was removed"));
        }
    }

    public static TheoryData<string> WireEnums() => [.. Frozen.Select(f => f.Enum).Distinct()];

    private static Type EnumType(string name) => name switch
    {
        nameof(CommandCode) => typeof(CommandCode),
        nameof(EventCode) => typeof(EventCode),
        nameof(MarginCall.Engine.Markets.MarketStatus) => typeof(MarginCall.Engine.Markets.MarketStatus),
        _ => typeof(EventCode).Assembly.GetType("MarginCall.Engine.Events." + name, throwOnError: true)!,
    };

    [Theory]
    [MemberData(nameof(WireEnums))]
    public void Every_frozen_code_keeps_its_name(string enumName)
    {
        var type = EnumType(enumName);
        foreach (var (_, name, code) in Frozen.Where(f => f.Enum == enumName))
        {
            Assert.True(Enum.TryParse(type, name, out var value), $"{enumName}.{name} was removed or renamed");
            Assert.Equal(code, Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [MemberData(nameof(WireEnums))]
    public void New_codes_are_appended_and_never_reuse_a_code(string enumName)
    {
        var type = EnumType(enumName);
        var frozen = Frozen.Where(f => f.Enum == enumName).ToDictionary(f => f.Name, f => f.Code);
        var values = Enum.GetValues(type).Cast<object>().Select(v => (Name: v.ToString()!, Code: Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture))).ToList();

        Assert.Equal(values.Count, values.Select(v => v.Code).Distinct().Count()); // no two names share a code
        Assert.DoesNotContain(values, v => v.Code == 0); // 0 is never a valid code
        foreach (var (name, code) in values.Where(v => !frozen.ContainsKey(v.Name)))
        {
            Assert.True(code > frozen.Values.Max(), $"{enumName}.{name} = {code} must take a code after the frozen ones");
        }
    }

    [Fact]
    public void Every_command_and_event_type_has_the_code_named_after_it()
    {
        var assembly = typeof(Command).Assembly;
        var commands = assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Command)) && !t.IsAbstract).Select(t => t.Name).Order();
        var events = assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(EngineEvent)) && !t.IsAbstract).Select(t => t.Name).Order();

        Assert.Equal(Enum.GetNames<CommandCode>().Order(), commands);
        Assert.Equal(Enum.GetNames<EventCode>().Order(), events);
    }
}
