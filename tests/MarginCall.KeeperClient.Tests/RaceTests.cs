using System.Text.Json;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.Wire;
using MarginCall.KeeperClient.Tests.Support;
using static MarginCall.KeeperClient.Tests.Support.CrashScript;

namespace MarginCall.KeeperClient.Tests;

/// <summary>
/// Competition between keepers is decided by the sequencer, at the service: two keeper keys post for the same thing at
/// once, exactly one wins — the one sequenced first — and the other gets a typed refusal (a 422 naming the reason).
/// </summary>
public sealed class RaceTests
{
    [Fact]
    public async Task Two_keepers_taking_the_same_lot_at_once_one_wins_by_sequence_and_the_other_is_refused()
    {
        await using var world = await ServiceWorld.StartAsync();
        var client = world.Client;
        var lot = await OpenLotAsync(world);

        // Both take the whole lot at any price: the only thing between them is the order the sequencer puts them in.
        var takes = await Task.WhenAll(
            client.PostOneAsync(world.Keys.A, new TakeAuctionLot(new AccountId(Keys.AccountA), lot.Lot, lot.Size, At(100_000m))),
            client.PostOneAsync(world.Keys.B, new TakeAuctionLot(new AccountId(Keys.AccountB), lot.Lot, lot.Size, At(100_000m))));

        var won = Assert.Single(takes, t => t.Status == 200);
        var lost = Assert.Single(takes, t => t.Status == 422);
        var taken = Assert.Single(won.Body.GetProperty("events").EnumerateArray().Select(EventJson.Read).OfType<AuctionLotTaken>());
        Assert.Equal((lot.Lot, lot.Size, 0L), (taken.Lot, taken.Size, taken.Remaining));
        Assert.Equal(nameof(RejectionReason.UnknownAuctionLot), lost.Body.GetProperty("reason").GetString());
        Assert.True(won.Body.GetProperty("sequence").GetInt64() < lost.Body.GetProperty("sequence").GetInt64());
        var events = (await client.EventsAsync(world.Keys.Reader)).SelectMany(b => b.Events).ToList();
        Assert.Single(events.OfType<AuctionLotTaken>());
    }

    /// <summary>
    /// One trader 10x long (1.25 BTC on 1,000 USDT) at 8,000, the price down to 7,240 (health about 1.1: liquidatable,
    /// above the backstop level), and the only bids <paramref name="bids"/>.
    /// </summary>
    private static async Task SetUpAsync(ServiceWorld world, (decimal Price, decimal Btc)[] bids)
    {
        var (time, parameters) = await world.Client.VenueAsync(world.Keys.Reader);
        var commands = new List<Command>
        {
            new SetLiquidationParameters(Btc, parameters with { AutoLiquidate = false, BookWindowsBeforeAuction = 1 }),
            new FundInsurance(new FundId(0), new Quantums(Usdt6(1_000_000m))),
            new AdvanceTime(new EngineTime(time + 1_000)),
            new OraclePrice(Btc, At(8_000m), new EngineTime(time + 1_000)),
        };
        foreach (var (account, dollars) in new[] { (Maker, 10_000_000m), (new AccountId(Keys.AccountA), 1_000_000m), (new AccountId(Keys.AccountB), 1_000_000m), (Trader(1), 1_000m) })
        {
            commands.Add(new CreateAccount(account, "owner-" + account.Value));
            commands.Add(new Deposit(account, Usdt, new Quantums(Usdt6(dollars))));
        }

        commands.Add(new Trade(Btc, Trader(1), Maker, Btc8(1.25m), At(8_000m)));
        var order = 1;
        foreach (var (price, btc) in bids) commands.Add(new PlaceOrder(new OrderId(order++), Maker, Btc, Side.Buy, At(price), Btc8(btc)));
        // Two moves inside the mark guard's jump band.
        commands.Add(new AdvanceTime(new EngineTime(time + 2_000)));
        commands.Add(new OraclePrice(Btc, At(7_600m), new EngineTime(time + 2_000)));
        commands.Add(new AdvanceTime(new EngineTime(time + 3_000)));
        commands.Add(new OraclePrice(Btc, At(7_240m), new EngineTime(time + 3_000)));
        await world.Client.PostAsync(world.Keys.Admin, commands);
        var trader = await world.Client.GetAsync(world.Keys.Reader, "/v1/accounts/1");
        Assert.True(trader.GetProperty("risk").GetProperty("liquidatable").GetBoolean(), trader.ToString());
    }

    /// <summary>The set-up with a book far below (nothing fills inside the bound) and keeper A's request: the position goes to auction.</summary>
    private static async Task<AuctionLotOpened> OpenLotAsync(ServiceWorld world)
    {
        await SetUpAsync(world, bids: [(5_000m, 0.1m)]);
        var (status, body) = await world.Client.PostOneAsync(world.Keys.A, new KeeperLiquidate(Keys.KeeperA, Trader(1)));
        Assert.Equal(200, status);
        var events = body.GetProperty("events").EnumerateArray().Select(EventJson.Read).ToList();
        return Assert.Single(events.OfType<AuctionLotOpened>());
    }
}
