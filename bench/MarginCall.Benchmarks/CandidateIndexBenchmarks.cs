using BenchmarkDotNet.Attributes;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Risk;

namespace MarginCall.Benchmarks;

/// <summary>
/// The candidate index at 100,000 tracked accounts (one position each over ten markets): a price move of one market
/// collects the accounts whose band it left, and each is re-tracked at the new price, as the engine does. The moves
/// alternate up and down by <see cref="MoveBasisPoints"/> so every invocation does the same work.
/// </summary>
[MemoryDiagnoser]
public class CandidateIndexBenchmarks
{
    private const int Accounts = 100_000;
    private readonly PriceSet prices = BenchWorld.Prices();
    private readonly List<int> candidates = new(Accounts);
    private CandidateIndex index = null!;
    private Account[] accounts = null!;
    private PriceBand[] bands = null!;
    private long basePrice;
    private bool up;

    [Params(1, 50)]
    public int MoveBasisPoints { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        index = new CandidateIndex(BenchWorld.Venue);
        accounts = new Account[Accounts];
        bands = new PriceBand[Accounts];
        var random = new Random(7);
        for (var slot = 0; slot < Accounts; slot++)
        {
            var account = new Account(new AccountId(slot), "u", [], [new PerpPosition(new MarketId(slot % 10), MarginMode.Cross, 100_000_000, 0, 0, 0)]);
            accounts[slot] = account;
            var buffer = 2_000 + random.Next(200_000); // 0.2% to 20%, the same both ways
            bands[slot] = new PriceBand(buffer, buffer);
            index.Track(slot, account, bands.AsSpan(slot, 1), BenchWorld.Venue, prices);
        }

        basePrice = prices.Market(new MarketId(0)).Units;
    }

    [Benchmark(Description = "price move: collect + re-track candidates")]
    public int Move()
    {
        up = !up;
        var price = up ? basePrice + (basePrice * MoveBasisPoints / 10_000) : basePrice;
        prices.SetMarket(new MarketId(0), new Price(price));
        candidates.Clear();
        index.CollectCandidates(new PriceKey(0), price, Accounts, candidates);
        foreach (var slot in candidates)
        {
            index.Track(slot, accounts[slot], bands.AsSpan(slot, 1), BenchWorld.Venue, prices);
        }

        return candidates.Count;
    }
}
