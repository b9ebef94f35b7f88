using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Liquidation;

namespace MarginCall.Engine.Commands;

/// <summary>A command of the loss waterfall (DESIGN §5.6); the engine dispatches them together.</summary>
public abstract record WaterfallCommand : Command;

/// <summary>
/// A keeper takes up to <paramref name="MaxSize"/> base quantums of an auction lot into <paramref name="Taker"/>'s
/// account at the lot's current price, refused if that price is worse for the keeper than <paramref name="Limit"/>
/// (above it when buying a liquidated long, below it when taking a liquidated short). A take that would leave less than
/// the market's minimum notional in the lot is cut so the minimum remains, or refused when the lot is that small and
/// the take is not all of it. The taker's pool must stay above its initial requirement.
/// </summary>
public sealed record TakeAuctionLot(AccountId Taker, LotId Lot, long MaxSize, Price Limit, MarginMode Mode = MarginMode.Cross) : WaterfallCommand
{
    /// <inheritdoc />
    public override CommandCode Code => CommandCode.TakeAuctionLot;
}

/// <summary>Pays <paramref name="Amount"/> quote quantums into an insurance fund (a deposit from the venue).</summary>
public sealed record FundInsurance(FundId Fund, Quantums Amount) : WaterfallCommand
{
    /// <inheritdoc />
    public override CommandCode Code => CommandCode.FundInsurance;
}
