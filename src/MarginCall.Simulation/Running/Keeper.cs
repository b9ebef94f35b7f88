using MarginCall.Core.Model;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Simulation.Prices;
using MarginCall.Simulation.Scenarios;
using ModelSide = MarginCall.Simulation.Liquidity.BookSide;

namespace MarginCall.Simulation.Running;

/// <summary>
/// The simulated keeper (see <see cref="KeeperSpec"/>). Every step, for each open auction lot in id order, it reads
/// the lot's current price with the engine's own <see cref="DutchAuction.PriceAt"/>, prices the hedge by walking the
/// market maker's modelled depth, and when the margin is there sends <see cref="TakeAuctionLot"/> and then a
/// <see cref="Trade"/> with the market maker at the hedge's average price. The depth the hedge used is taken out of the
/// model and the market maker requotes, so the engine's book shows it and impact follows.
/// </summary>
internal sealed class Keeper
{
    private readonly AccountId account;
    private readonly double minProfit;
    private readonly List<AuctionLot> openLots = [];

    public Keeper(AccountId account, double minProfit)
    {
        this.account = account;
        this.minProfit = minProfit;
    }

    public AccountId Account => account;

    private bool Profitable(Liquidity.SweepResult hedge, long size, double auction, bool buying) =>
        hedge.Filled == size && (buying
            ? auction <= hedge.AveragePrice * (1 - minProfit)
            : auction >= hedge.AveragePrice * (1 + minProfit));

    /// <summary>Takes and hedges what is profitable; marks in <paramref name="hedged"/> the markets whose depth the hedges used.</summary>
    public void Act(MarginEngine engine, MarketMaker[] makers, AccountId marketMaker, double[] mids, List<EngineEvent> events, bool[] hedged)
    {
        var view = engine.View;
        openLots.Clear();
        view.CopyAuctionLots(openLots);
        foreach (var open in openLots)
        {
            var id = new LotId(open.Id);
            if (!view.TryGetAuctionLot(id, out var lot))
            {
                continue; // closed by an earlier take's consequences
            }

            var m = lot.Market.Value;
            var market = view.Venue.Market(lot.Market);
            var parameters = view.Market(lot.Market).Parameters;
            var price = DutchAuction.PriceAt(market, lot.Start, lot.End, view.Now - lot.StartMs, parameters.AuctionCurve, parameters);
            var auction = LedgerConversion.ToDouble(price, market.PriceDecimals);

            // Buying from a liquidated long, the keeper lays off by selling to the bids; from a short, buying the asks.
            var hedgeSide = lot.LiquidatingLong ? ModelSide.Bid : ModelSide.Ask;
            var depth = makers[m].Depth;
            // The largest size (halving from the whole lot) whose hedge still leaves the margin.
            var size = lot.Size;
            while (size >= market.StepSize && !Profitable(depth.Peek(hedgeSide, size, mids[m]), size, auction, lot.LiquidatingLong))
            {
                size /= 2;
                size -= size % market.StepSize;
            }

            if (size < market.StepSize)
            {
                continue;
            }

            var before = events.Count;
            engine.Submit(new TakeAuctionLot(account, id, size, price), events);
            var taken = 0L;
            for (var i = before; i < events.Count; i++)
            {
                if (events[i] is AuctionLotTaken t && t.Lot == id)
                {
                    taken += t.Size;
                }
            }

            if (taken == 0)
            {
                continue; // refused (e.g. it would leave dust in the lot): the lot stays for the waterfall
            }

            var sweep = depth.Sweep(hedgeSide, taken, mids[m]);
            var hedgePrice = LedgerConversion.ToPrice(sweep.AveragePrice, market.PriceDecimals, market.TickSize);
            engine.Submit(
                lot.LiquidatingLong
                    ? new Trade(lot.Market, marketMaker, account, sweep.Filled, hedgePrice)
                    : new Trade(lot.Market, account, marketMaker, sweep.Filled, hedgePrice),
                events);
            hedged[m] = true;
        }
    }
}
