using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Markets;
using MarginCall.Engine.OrderBook;

namespace MarginCall.Engine.Commands;

/// <summary>
/// An input to the engine. The engine is a pure function of its command log: every command is numbered by the
/// sequencer, time moves only by <see cref="AdvanceTime"/>, and identical logs give identical events and state hashes.
/// </summary>
public abstract record Command
{
    /// <summary>The command's wire code.</summary>
    public abstract CommandCode Code { get; }
}

/// <summary>Opens an empty account.</summary>
public sealed record CreateAccount(AccountId Account, string Owner) : Command
{
    /// <inheritdoc />
    public override CommandCode Code => CommandCode.CreateAccount;
}

/// <summary>Credits <paramref name="Amount"/> quantums of an asset to the account's spot balance.</summary>
public sealed record Deposit(AccountId Account, AssetId Asset, Quantums Amount) : Command
{
    /// <inheritdoc />
    public override CommandCode Code => CommandCode.Deposit;
}

/// <summary>Debits a spot balance; refused if it would breach the initial requirement or while bad debt is outstanding.</summary>
public sealed record Withdraw(AccountId Account, AssetId Asset, Quantums Amount) : Command
{
    /// <inheritdoc />
    public override CommandCode Code => CommandCode.Withdraw;
}

/// <summary>
/// Moves quote collateral between the cross pool and an isolated position's margin: positive into the position,
/// negative back to the cross pool (refused if it would breach the position's initial requirement).
/// </summary>
public sealed record TransferIsolatedMargin(AccountId Account, MarketId Market, Quantums Amount) : Command
{
    /// <inheritdoc />
    public override CommandCode Code => CommandCode.TransferIsolatedMargin;
}

/// <summary>A new oracle price for a market, published at <paramref name="PublishTime"/> (engine time).</summary>
public sealed record OraclePrice(MarketId Market, Price Price, EngineTime PublishTime) : Command
{
    /// <inheritdoc />
    public override CommandCode Code => CommandCode.OraclePrice;
}

/// <summary>A new price for a spot asset (collateral or borrow).</summary>
public sealed record AssetPrice(AssetId Asset, Price Price) : Command
{
    /// <inheritdoc />
    public override CommandCode Code => CommandCode.AssetPrice;
}

/// <summary>
/// A trade matched elsewhere between two accounts: the buyer goes <paramref name="Size"/> base quantums longer and the
/// seller as much shorter, at <paramref name="Price"/>. A position opened by the trade takes the given margin mode.
/// A trade that adds risk must leave each side above its initial requirement. A side opening or adding to an isolated
/// position may move quote collateral into it in the same step (<paramref name="BuyerIsolatedMargin"/>,
/// <paramref name="SellerIsolatedMargin"/>, quote quantums, taken from its quote spot balance).
/// </summary>
public sealed record Trade(
    MarketId Market,
    AccountId Buyer,
    AccountId Seller,
    long Size,
    Price Price,
    MarginMode BuyerMode = MarginMode.Cross,
    MarginMode SellerMode = MarginMode.Cross,
    Quantums BuyerIsolatedMargin = default,
    Quantums SellerIsolatedMargin = default) : Command
{
    /// <inheritdoc />
    public override CommandCode Code => CommandCode.Trade;
}

/// <summary>A resting limit order in the engine's order book (it matches first if it crosses).</summary>
public sealed record PlaceOrder(OrderId Order, AccountId Account, MarketId Market, Side Side, Price Limit, long Size) : Command
{
    /// <inheritdoc />
    public override CommandCode Code => CommandCode.PlaceOrder;
}

/// <summary>Cancels a resting order.</summary>
public sealed record CancelOrder(MarketId Market, OrderId Order) : Command
{
    /// <inheritdoc />
    public override CommandCode Code => CommandCode.CancelOrder;
}

/// <summary>Replaces a market's liquidation parameters (validated as a whole).</summary>
public sealed record SetLiquidationParameters(MarketId Market, Liquidation.LiquidationParameters Parameters) : Command
{
    /// <inheritdoc />
    public override CommandCode Code => CommandCode.SetLiquidationParameters;
}

/// <summary>The execution-cost feed: what one liquidation transaction costs a keeper, in quote quantums (gas, fees).</summary>
public sealed record SetExecutionCost(Quantums Cost) : Command
{
    /// <inheritdoc />
    public override CommandCode Code => CommandCode.SetExecutionCost;
}

/// <summary>Moves a market's cumulative funding index by <paramref name="IndexDelta"/> price units per whole base unit (longs pay when positive).</summary>
public sealed record UpdateFunding(MarketId Market, long IndexDelta) : Command
{
    /// <inheritdoc />
    public override CommandCode Code => CommandCode.UpdateFunding;
}

/// <summary>A permissionless request by a keeper to liquidate an account; valid only while it is liquidatable.</summary>
public sealed record KeeperLiquidate(string Keeper, AccountId Account) : Command
{
    /// <inheritdoc />
    public override CommandCode Code => CommandCode.KeeperLiquidate;
}

/// <summary>
/// Lists a perpetual market after genesis. Its id must be the next one (the venue's market count); it starts with the
/// engine's default parameters (<see cref="EngineOptions.DefaultParameters"/>), no price and an empty book.
/// </summary>
public sealed record ListMarket(PerpetualMarket Market) : Command
{
    /// <inheritdoc />
    public override CommandCode Code => CommandCode.ListMarket;
}

/// <summary>
/// An operator pauses or reactivates a market (<see cref="Markets.MarketStatus"/>). Setting the status it already has
/// is refused, so every accepted command changes something.
/// </summary>
public sealed record SetMarketStatus(MarketId Market, MarketStatus Status) : Command
{
    /// <inheritdoc />
    public override CommandCode Code => CommandCode.SetMarketStatus;
}

/// <summary>Moves engine time forward to <paramref name="Time"/>: rolls liquidation windows, checks oracle staleness, continues liquidations.</summary>
public sealed record AdvanceTime(EngineTime Time) : Command
{
    /// <inheritdoc />
    public override CommandCode Code => CommandCode.AdvanceTime;
}
