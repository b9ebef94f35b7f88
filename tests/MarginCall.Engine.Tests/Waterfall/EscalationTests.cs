using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.Tests.Liquidation;
using static MarginCall.Engine.Tests.Liquidation.LiquidationWorld;

namespace MarginCall.Engine.Tests.Waterfall;

/// <summary>
/// The book gets <see cref="LiquidationParameters.BookWindowsBeforeAuction"/> windows before a Dutch auction. Alice:
/// 2,200 USDC, long 10 ETH at 2,000; at 1,840 her health is 600 / 920 = 0.652 (above the backstop level 0.3), and each
/// window allows 2.5 ETH.
/// </summary>
public sealed class EscalationTests
{
    private static readonly AccountId Alice = new(1);
    private static readonly AccountId Bob = new(2);
    private static readonly AccountId Mia = new(3);

    private static LiquidationWorld Liquidating(LiquidationParameters parameters, decimal bid = 0m)
    {
        var world = new LiquidationWorld(parameters);
        world.Price(2_000m);
        world.Open(1, 2_200m);
        world.Open(2, 100_000m);
        world.Open(3, 100_000m);
        world.Trade(Alice, Bob, 10m, 2_000m);
        if (bid > 0)
        {
            world.Bid(Mia, 1_838m, bid);
        }

        world.Price(1_840m);
        return world;
    }

    [Fact]
    public void An_auction_opens_only_after_three_windows_without_the_book_filling_the_step()
    {
        var world = Liquidating(LiquidationParameters.Default); // empty book

        var first = Assert.Single(world.Of<AuctionDeferred>());
        Assert.Equal((Alice, EthSize(2.5m), 1, 3), (first.Account, first.Unfilled, first.Windows, first.WindowsBeforeAuction));
        world.Advance(1_000); // same window: counted once
        Assert.Single(world.Of<AuctionDeferred>());
        Assert.Equal(1, world.Engine.State.Liquidations.BookMisses(world.Engine.State.Accounts.SlotOf(Alice), 0));

        world.Advance(10_000); // second window
        Assert.Equal([1, 2], world.Of<AuctionDeferred>().Select(e => e.Windows));
        Assert.Empty(world.Of<AuctionLotOpened>());
        Assert.Equal(LiquidationState.InLiquidation, world.StateOf(Alice));
        Assert.Equal(EthSize(10m), world.Size(Alice)); // the remainder stays in liquidation

        world.Advance(10_000); // third window: to auction
        var lot = Assert.Single(world.Of<AuctionLotOpened>());
        Assert.Equal((EthSize(2.5m), At(1_876.80m)), (lot.Size, lot.Start));
        Assert.Equal(2, world.Of<AuctionDeferred>().Count);
        Assert.Equal(EthSize(2.5m), Assert.Single(world.Engine.State.Liquidations.Lots.Values).Size);
        Assert.Equal(0, world.Engine.State.Liquidations.BookMisses(world.Engine.State.Accounts.SlotOf(Alice), 0)); // reset once the lot opened
        Assert.Equal(world.NetDeposits, world.TotalValue());
    }

    [Fact]
    public void With_one_window_the_remainder_goes_to_auction_at_once()
    {
        var world = Liquidating(LiquidationParameters.Default with { BookWindowsBeforeAuction = 1 }, bid: 1m);

        Assert.Empty(world.Of<AuctionDeferred>());
        Assert.Equal(EthSize(1.5m), Assert.Single(world.Of<AuctionLotOpened>()).Size); // 2.5 − the 1 ETH the book took
    }

    [Fact]
    public void A_partial_fill_still_counts_as_a_window_the_book_left_unfilled()
    {
        var world = Liquidating(LiquidationParameters.Default with { BookWindowsBeforeAuction = 2 }, bid: 1m);

        Assert.Equal(EthSize(1m), world.Of<LiquidationStep>().Sum(s => s.Filled));
        Assert.Equal(EthSize(1.5m), Assert.Single(world.Of<AuctionDeferred>()).Unfilled);
        world.Advance(10_000);

        Assert.Single(world.Of<AuctionLotOpened>());
    }

    [Fact]
    public void A_pool_under_the_backstop_level_still_goes_to_the_backstop_at_once()
    {
        var world = new LiquidationWorld();
        world.Price(2_000m);
        world.Open(1, 2_200m);
        world.Open(2, 100_000m);
        world.FundInsurance(10_000m);
        world.Trade(Alice, Bob, 10m, 2_000m);
        world.BackstopDepth(Side.Buy, 1_700m, 10m); // the stressed exit's depth (StageTests)

        world.Price(1_790m); // health 0.11 < 0.3

        Assert.Empty(world.Of<AuctionDeferred>());
        Assert.Single(world.Of<BackstopTakeover>());
    }

    [Theory]
    [InlineData(0, 20_000, 250_000, "BookWindowsBeforeAuction")]
    [InlineData(3, -1, 250_000, "FundUnwindMaxSlippage")]
    [InlineData(3, 1_000_000, 250_000, "FundUnwindMaxSlippage")]
    [InlineData(3, 20_000, -1, "FundUnwindPortionPerWindow")]
    [InlineData(3, 20_000, 1_000_001, "FundUnwindPortionPerWindow")]
    public void Validation_names_the_new_fields(int windows, long slippage, long portion, string field)
    {
        var parameters = LiquidationParameters.Default with
        {
            BookWindowsBeforeAuction = windows,
            FundUnwindMaxSlippage = new Ppm(slippage),
            FundUnwindPortionPerWindow = new Ppm(portion),
        };

        Assert.StartsWith(field, parameters.Validate());
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Null(LiquidationParameters.Default.Validate());
        Assert.Equal((3, 1_000L, 10_000L), (LiquidationParameters.Default.BookWindowsBeforeAuction, LiquidationParameters.Default.FundUnwindMaxSlippage.Value, LiquidationParameters.Default.FundUnwindPortionPerWindow.Value));
    }
}
