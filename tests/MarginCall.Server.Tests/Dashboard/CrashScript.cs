using System.Text.Json;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.OrderBook;
using static MarginCall.Engine.Tests.Support.EngineWorld;

namespace MarginCall.Server.Tests.Dashboard;

/// <summary>
/// A scripted BTC crash driven through the API of a <see cref="ServerWorld"/>: eight traders long 1 BTC at 50,000 with
/// 2,000–9,000 USDC (25× down to 5.6×), a liquidity account bidding under the price, a funded insurance fund, and the
/// engine's own liquidation off so the keeper key (<see cref="ServerWorld.KeeperName"/>) liquidates what the at-risk
/// read says is liquidatable. Each step moves time 10 s, the oracle 1.2% down (inside the ±10% jump band of the 60 s
/// TWAP), refreshes the bids and runs the keeper: by the twentieth step (about 39,260) every trader has been liquidated.
/// </summary>
internal sealed class CrashScript(ServerWorld world)
{
    public const int Steps = 20;
    public const int Traders = 8;
    public static readonly AccountId Liquidity = new(500);

    private long nextOrder = 1;
    private decimal btc = 50_000m;
    private long time = 1_000;

    /// <summary>The venue, the traders and the first bids.</summary>
    public async Task SetUpAsync()
    {
        var commands = new List<Command>(Opening(btc))
        {
            new SetLiquidationParameters(Btc, LiquidationParameters.Default with { AutoLiquidate = false }),
            new FundInsurance(new FundId(0), new Quantums(Usd(20_000m))),
            new CreateAccount(Liquidity, "liquidity"),
            new Deposit(Liquidity, Usdc, new Quantums(Usd(50_000_000m))),
        };
        for (var i = 0; i < Traders; i++) commands.AddRange(Trader(10 + i, 2_000m + (1_000m * i), Btc, 1m, btc));
        commands.AddRange(Bids());
        await PostAsync(ApiRole.Admin, commands);
    }

    /// <summary>One step of the fall; returns the events of the step's commands (prices, bids, keeper liquidations), batch by batch.</summary>
    public async Task<List<JsonElement>> StepAsync()
    {
        time += 10_000;
        btc = Math.Round(btc * 0.988m, 2);
        var results = await PostAsync(ApiRole.Feeder, [new AdvanceTime(new EngineTime(time)), new OraclePrice(Btc, Px(btc), new EngineTime(time)), .. Bids()]);
        using var request = world.Request(HttpMethod.Get, "/v1/accounts/at-risk?take=50", ApiRole.Reader);
        using var response = await world.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var atRisk = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("accounts").EnumerateArray()
            .Where(a => a.GetProperty("liquidationState").GetString() is "Liquidatable" or "InLiquidation")
            .Select(a => new AccountId(a.GetProperty("account").GetInt64())).ToList();
        if (atRisk.Count > 0) results.AddRange(await PostAsync(ApiRole.Keeper, [.. atRisk.Select(a => new KeeperLiquidate(ServerWorld.KeeperName, a))]));
        return results;
    }

    /// <summary>Four bids of 0.5 BTC each at 0.1%–0.4% under the oracle (the book the liquidations sell into).</summary>
    private IEnumerable<Command> Bids()
    {
        for (var k = 1; k <= 4; k++) yield return new PlaceOrder(new OrderId(nextOrder++), Liquidity, Btc, Side.Buy, Px(Math.Round(btc * (1m - (0.001m * k)), 2)), Size(0.5m));
    }

    private async Task<List<JsonElement>> PostAsync(ApiRole role, IReadOnlyList<Command> commands)
    {
        using var response = await world.PostAsync(role, [.. commands]);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{role} POST /v1/commands: {(int)response.StatusCode} {body}");
        return [.. JsonDocument.Parse(body).RootElement.GetProperty("results").EnumerateArray().Select(r => r.Clone())];
    }
}
