using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.Tests.Support;

namespace MarginCall.Engine.Tests.Wire;

/// <summary>
/// Random values of every field type, from one seed: edge values (0, ±1, the extremes) as often as arbitrary ones,
/// strings with non-ASCII text, lists of 0..4 items, only defined enum values. <see cref="Commands"/> and
/// <see cref="Events"/> hold one builder per code; <c>WireRoundTripProperties</c> proves every code has one.
/// </summary>
public sealed class WireSample(long seed)
{
    private static readonly long[] Edges = [0, 1, -1, long.MinValue, long.MaxValue, int.MaxValue, int.MinValue];
    private static readonly string[] Words = ["", "maker", "keeper-1", "ünïcødé", "鍵", "a b\tc", "\"quoted\""];
    private readonly Random random = new(unchecked((int)seed ^ (int)(seed >> 32)));

    public long Long() => random.Next(3) == 0 ? Edges[random.Next(Edges.Length)] : random.NextInt64(long.MinValue, long.MaxValue);

    public int Int() => random.Next(3) == 0 ? (int)Edges[random.Next(2, Edges.Length - 2)] : random.Next(int.MinValue, int.MaxValue);

    public bool Bool() => random.Next(2) == 0;

    public string Text() => Words[random.Next(Words.Length)] + (random.Next(2) == 0 ? random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture) : "");

    public string? OptionalText() => Bool() ? null : Text();

    public Price? OptionalPrice() => Bool() ? null : new Price(Long());

    public Ppm? OptionalPpm() => Bool() ? null : new Ppm(Long());

    public TEnum Enum<TEnum>()
        where TEnum : struct, Enum
    {
        var values = System.Enum.GetValues<TEnum>();
        return values[random.Next(values.Length)];
    }

    public IReadOnlyList<T> List<T>(Func<T> item)
    {
        var items = new T[random.Next(5)];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = item();
        }

        return items;
    }

    public LiquidationParameters Parameters() => LiquidationParameters.Default with
    {
        InsuranceFund = random.Next(0, 8),
        AutoDeleverage = Bool(),
        AuctionCurve = Enum<AuctionCurve>(),
    };

    public PerpetualMarket Market() => EngineWorld.Market(new MarketId(random.Next(0, 64)), Words[random.Next(1, Words.Length)], random.NextInt64(1, long.MaxValue));

    public static readonly IReadOnlyDictionary<CommandCode, Func<WireSample, Command>> Commands = new Dictionary<CommandCode, Func<WireSample, Command>>
    {
        [CommandCode.CreateAccount] = s => new CreateAccount(new AccountId(s.Long()), s.Text()),
        [CommandCode.Deposit] = s => new Deposit(new AccountId(s.Long()), new AssetId(s.Int()), new Quantums(s.Long())),
        [CommandCode.Withdraw] = s => new Withdraw(new AccountId(s.Long()), new AssetId(s.Int()), new Quantums(s.Long())),
        [CommandCode.TransferIsolatedMargin] = s => new TransferIsolatedMargin(new AccountId(s.Long()), new MarketId(s.Int()), new Quantums(s.Long())),
        [CommandCode.OraclePrice] = s => new OraclePrice(new MarketId(s.Int()), new Price(s.Long()), new EngineTime(s.Long())),
        [CommandCode.AssetPrice] = s => new AssetPrice(new AssetId(s.Int()), new Price(s.Long())),
        [CommandCode.Trade] = s => new Trade(new MarketId(s.Int()), new AccountId(s.Long()), new AccountId(s.Long()), s.Long(), new Price(s.Long()), s.Enum<MarginMode>(), s.Enum<MarginMode>(), new Quantums(s.Long()), new Quantums(s.Long())),
        [CommandCode.PlaceOrder] = s => new PlaceOrder(new OrderId(s.Long()), new AccountId(s.Long()), new MarketId(s.Int()), s.Enum<Side>(), new Price(s.Long()), s.Long()),
        [CommandCode.CancelOrder] = s => new CancelOrder(new MarketId(s.Int()), new OrderId(s.Long())),
        [CommandCode.SetLiquidationParameters] = s => new SetLiquidationParameters(new MarketId(s.Int()), s.Parameters()),
        [CommandCode.SetExecutionCost] = s => new SetExecutionCost(new Quantums(s.Long())),
        [CommandCode.UpdateFunding] = s => new UpdateFunding(new MarketId(s.Int()), s.Long()),
        [CommandCode.KeeperLiquidate] = s => new KeeperLiquidate(s.Text(), new AccountId(s.Long())),
        [CommandCode.ListMarket] = s => new ListMarket(s.Market()),
        [CommandCode.AdvanceTime] = s => new AdvanceTime(new EngineTime(s.Long())),
        [CommandCode.TakeAuctionLot] = s => new TakeAuctionLot(new AccountId(s.Long()), new LotId(s.Long()), s.Long(), new Price(s.Long()), s.Enum<MarginMode>()),
        [CommandCode.FundInsurance] = s => new FundInsurance(new FundId(s.Int()), new Quantums(s.Long())),
        [CommandCode.SetMarketStatus] = s => new SetMarketStatus(new MarketId(s.Int()), s.Enum<MarginCall.Engine.Markets.MarketStatus>()),
    };

    public static readonly IReadOnlyDictionary<EventCode, Func<WireSample, EngineEvent>> Events = new Dictionary<EventCode, Func<WireSample, EngineEvent>>
    {
        [EventCode.CommandRejected] = s => new CommandRejected(s.Long(), s.Enum<CommandCode>(), s.Enum<RejectionReason>(), s.Text()),
        [EventCode.AccountCreated] = s => new AccountCreated(s.Long(), new AccountId(s.Long()), s.Text()),
        [EventCode.BalanceChanged] = s => new BalanceChanged(s.Long(), new AccountId(s.Long()), new AssetId(s.Int()), new Quantums(s.Long()), new Quantums(s.Long())),
        [EventCode.IsolatedMarginTransferred] = s => new IsolatedMarginTransferred(s.Long(), new AccountId(s.Long()), new MarketId(s.Int()), new Quantums(s.Long()), new Quantums(s.Long())),
        [EventCode.TradeSettled] = s => new TradeSettled(s.Long(), new MarketId(s.Int()), new AccountId(s.Long()), new AccountId(s.Long()), s.Long(), new Price(s.Long())),
        [EventCode.OrderRested] = s => new OrderRested(s.Long(), new MarketId(s.Int()), new OrderId(s.Long()), new AccountId(s.Long()), s.Long()),
        [EventCode.OrdersCancelled] = s => new OrdersCancelled(s.Long(), new MarketId(s.Int()), new AccountId(s.Long()), s.List(() => new OrderId(s.Long())), s.Enum<CancelReason>()),
        [EventCode.MarketListed] = s => new MarketListed(s.Long(), s.Market(), s.Parameters()),
        [EventCode.MarketStatusChanged] = s => new MarketStatusChanged(s.Long(), new MarketId(s.Int()), s.Enum<MarginCall.Engine.Markets.MarketStatus>()),
        [EventCode.MarkPriceChanged] = s => new MarkPriceChanged(s.Long(), new MarketId(s.Int()), new Price(s.Long()), new Price(s.Long())),
        [EventCode.OraclePriceClamped] = s => new OraclePriceClamped(s.Long(), new MarketId(s.Int()), new Price(s.Long()), new Price(s.Long()), new Price(s.Long())),
        [EventCode.OracleStalenessChanged] = s => new OracleStalenessChanged(s.Long(), new MarketId(s.Int()), s.Bool(), new EngineTime(s.Long()), new EngineTime(s.Long())),
        [EventCode.ParametersApplied] = s => new ParametersApplied(s.Long(), new MarketId(s.Int()), s.Parameters()),
        [EventCode.FundingIndexChanged] = s => new FundingIndexChanged(s.Long(), new MarketId(s.Int()), s.Long(), s.Long()),
        [EventCode.ExecutionCostChanged] = s => new ExecutionCostChanged(s.Long(), new Quantums(s.Long())),
        [EventCode.TimeAdvanced] = s => new TimeAdvanced(s.Long(), new EngineTime(s.Long())),
        [EventCode.MarginCallNotice] = s => new MarginCallNotice(s.Long(), new AccountId(s.Long()), s.Text(), s.OptionalPpm(), new Quantums(s.Long()), new Quantums(s.Long())),
        [EventCode.LiquidationStateChanged] = s => new LiquidationStateChanged(s.Long(), new AccountId(s.Long()), s.Enum<LiquidationState>(), s.Enum<LiquidationState>(), s.OptionalPpm()),
        [EventCode.InsuranceFundChanged] = s => new InsuranceFundChanged(s.Long(), new FundId(s.Int()), new Quantums(s.Long()), new Quantums(s.Long()), s.Enum<FundChangeReason>()),
        [EventCode.LiquidationStep] = s => new LiquidationStep(s.Long(), new AccountId(s.Long()), new MarketId(s.Int()), s.OptionalText(), new Price(s.Long()), new Price(s.Long()), s.OptionalPpm(), s.OptionalPpm(), new Quantums(s.Long()), new Quantums(s.Long()), s.Long(), new SizingDecision(s.Long(), s.Long(), s.Enum<SizingRule>()), new Ppm(s.Long()), new Price(s.Long()), s.OptionalPrice(), s.OptionalPrice(), s.List(() => new LiquidationFill(new OrderId(s.Long()), new AccountId(s.Long()), new Price(s.Long()), s.Long())), s.Long(), new Quantums(s.Long()), new FeeBreakdown(new Ppm(s.Long()), new Quantums(s.Long()), new Quantums(s.Long()), new Quantums(s.Long()), new Quantums(s.Long()), new Quantums(s.Long()), new Quantums(s.Long()), s.Enum<FeeRule>(), new Quantums(s.Long()), new Quantums(s.Long()), new Quantums(s.Long()), new Quantums(s.Long()))),
        [EventCode.AuctionLotOpened] = s => new AuctionLotOpened(s.Long(), new LotId(s.Long()), new AccountId(s.Long()), new MarketId(s.Int()), s.Bool(), s.Long(), new Price(s.Long()), new Price(s.Long()), s.Enum<AuctionCurve>(), s.OptionalText(), new Quantums(s.Long()), s.Enum<AuctionOpenReason>()),
        [EventCode.AuctionLotTaken] = s => new AuctionLotTaken(s.Long(), new LotId(s.Long()), new AccountId(s.Long()), new MarketId(s.Int()), new AccountId(s.Long()), s.Long(), new Price(s.Long()), s.Long()),
        [EventCode.AuctionLotReset] = s => new AuctionLotReset(s.Long(), new LotId(s.Long()), new AccountId(s.Long()), new MarketId(s.Int()), new Price(s.Long()), new Price(s.Long()), new Price(s.Long()), s.Int(), s.Enum<AuctionResetReason>()),
        [EventCode.AuctionLotClosed] = s => new AuctionLotClosed(s.Long(), new LotId(s.Long()), new AccountId(s.Long()), new MarketId(s.Int()), s.Long(), s.Enum<AuctionCloseReason>()),
        [EventCode.BackstopTakeover] = s => new BackstopTakeover(s.Long(), new AccountId(s.Long()), new MarketId(s.Int()), new FundId(s.Int()), s.Long(), new Price(s.Long()), new Price(s.Long()), new Quantums(s.Long()), new Quantums(s.Long()), new Quantums(s.Long()), s.Bool(), s.Enum<BackstopReason>()),
        [EventCode.BackstopDeclined] = s => new BackstopDeclined(s.Long(), new AccountId(s.Long()), new MarketId(s.Int()), new FundId(s.Int()), new Quantums(s.Long()), new Quantums(s.Long()), new Quantums(s.Long()), new Quantums(s.Long()), new Quantums(s.Long()), new Quantums(s.Long()), new Quantums(s.Long()), new Quantums(s.Long()), s.Long()),
        [EventCode.Deleveraged] = s => new Deleveraged(s.Long(), new AccountId(s.Long()), new AccountId(s.Long()), new MarketId(s.Int()), s.Long(), new Price(s.Long()), new Quantums(s.Long()), s.Long(), s.Int()),
        [EventCode.SocializedLoss] = s => new SocializedLoss(s.Long(), new MarketId(s.Int()), new FundId(s.Int()), new Quantums(s.Long()), new Quantums(s.Long()), s.Long(), s.List(() => new SocializedCharge(new AccountId(s.Long()), s.Long(), new Quantums(s.Long())))),
        [EventCode.BadDebtChanged] = s => new BadDebtChanged(s.Long(), new Quantums(s.Long()), new Quantums(s.Long()), s.Enum<BadDebtReason>()),
        [EventCode.AuctionDeferred] = s => new AuctionDeferred(s.Long(), new AccountId(s.Long()), new MarketId(s.Int()), s.Long(), s.Int(), s.Int()),
        [EventCode.FundUnwound] = s => new FundUnwound(s.Long(), new FundId(s.Int()), new MarketId(s.Int()), s.Long(), new Price(s.Long()), new Price(s.Long()), new Price(s.Long()), new Quantums(s.Long()), new Quantums(s.Long()), new Quantums(s.Long()), s.Long(), new Quantums(s.Long()), s.List(() => new LiquidationFill(new OrderId(s.Long()), new AccountId(s.Long()), new Price(s.Long()), s.Long()))),
    };
}
