using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Tests.Support;
using static MarginCall.Engine.Tests.Support.EngineWorld;

namespace MarginCall.Engine.Tests.Sequencing;

public class GenesisTests
{
    private static readonly MarketId Sol = new(2);

    private static Venue VenueWithSol()
    {
        var venue = EngineWorld.Venue();
        return venue.WithMarket(EngineWorld.Market(Sol, "SOL-USD", Usd(200_000)));
    }

    private static IEnumerable<Command> SolRun()
    {
        foreach (var c in Opening())
        {
            yield return c;
        }

        yield return new OraclePrice(Sol, Px(150m), new EngineTime(1_000));
        foreach (var c in Trader(1, 1_500m, Sol, 100m, 150m))
        {
            yield return c;
        }

        yield return new CreateAccount(new AccountId(2), "spot-holder");
        yield return new Deposit(new AccountId(2), EthSpot, new Quantums(1_000_000_000)); // 10 ETH as collateral
        yield return new Trade(Sol, new AccountId(2), MarketMaker, Size(150m), Px(150m));
        yield return new AdvanceTime(new EngineTime(2_000));
        yield return new OraclePrice(Sol, Px(136m), new EngineTime(2_000));
        yield return new AssetPrice(EthSpot, Px(250m));
    }

    [Fact]
    public void Submit_returns_the_sequence_number_it_assigned()
    {
        var engine = NewEngine();
        var events = new List<EngineEvent>();

        var first = engine.Submit(new AdvanceTime(new EngineTime(5)), events);
        var second = engine.Submit(new AdvanceTime(new EngineTime(1)), events); // refused: still numbered

        Assert.Equal((1L, 2L), (first, second));
        Assert.Equal(2, engine.View.Sequence);
        Assert.Equal(second, Assert.IsType<CommandRejected>(events[^1]).Sequence);
    }

    [Fact]
    public void An_engine_built_from_a_genesis_keeps_it_and_refuses_an_unknown_format_version()
    {
        var genesis = new Genesis(EngineWorld.Venue());
        var engine = new MarginEngine(genesis);

        Assert.Same(genesis, engine.Genesis);
        Assert.Equal(Genesis.CurrentFormatVersion, genesis.FormatVersion);
        var refused = Assert.Throws<ModelValidationException>(() => new MarginEngine(genesis with { FormatVersion = Genesis.CurrentFormatVersion + 1 }));
        Assert.Equal("formatVersion", refused.Field);
        var older = Assert.Throws<ModelValidationException>(() => new MarginEngine(genesis with { FormatVersion = 1 }));
        Assert.Contains("replay them with the build that wrote them", older.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_market_listed_after_genesis_behaves_as_one_listed_at_genesis()
    {
        var listed = NewEngine();
        var listing = listed.Submit(new ListMarket(EngineWorld.Market(Sol, "SOL-USD", Usd(200_000))));
        var atGenesis = new MarginEngine(VenueWithSol());

        var listedEvents = Run(listed, SolRun());
        var genesisEvents = Run(atGenesis, SolRun());

        var marketListed = Assert.IsType<MarketListed>(Assert.Single(listing));
        Assert.Equal((Sol, LiquidationParametersDefault()), (marketListed.Market.Id, marketListed.Parameters));
        Assert.Equal(3, listed.View.Venue.Markets.Count);
        Assert.Equal(genesisEvents.Select(e => e with { Sequence = 0 }), listedEvents.Select(e => e with { Sequence = 0 }), new EventText());
        Assert.Equal(atGenesis.StateHash(), listed.StateHash());
        Assert.Contains(listedEvents, e => e is LiquidationStateChanged { Account.Value: 1 }); // the new market's price move is detected
    }

    [Fact]
    public void After_a_listing_the_candidate_index_finds_what_the_full_scan_finds()
    {
        var index = NewEngine();
        var scan = NewEngine(fullScan: true);
        var log = SolRun().Prepend(new ListMarket(EngineWorld.Market(Sol, "SOL-USD", Usd(200_000)))).ToList();

        var indexEvents = Run(index, log);
        var scanEvents = Run(scan, log);

        Assert.Equal(scanEvents, indexEvents, new EventText());
        Assert.Contains(indexEvents, e => e is LiquidationStateChanged { Account.Value: 2 }); // the asset price move (its key moved up) is detected
    }

    [Theory]
    [InlineData(1)] // an id already listed
    [InlineData(3)] // a gap
    public void A_listing_whose_id_is_not_the_next_is_refused_and_changes_nothing(int id)
    {
        var engine = NewEngine();
        var before = engine.StateHash();

        var events = engine.Submit(new ListMarket(EngineWorld.Market(new MarketId(id), "X-USD", Usd(1_000))));

        var rejected = Assert.IsType<CommandRejected>(Assert.Single(events));
        Assert.Equal((CommandCode.ListMarket, RejectionReason.InvalidParameters), (rejected.Command, rejected.Reason));
        Assert.Equal(2, engine.View.Venue.Markets.Count);
        Assert.Equal(before, engine.StateHash());
    }

    private static Engine.Liquidation.LiquidationParameters LiquidationParametersDefault() => new EngineOptions().DefaultParameters;

    /// <summary>Events compared by their printed form (lists inside records compare by reference).</summary>
    private sealed class EventText : IEqualityComparer<EngineEvent>
    {
        public bool Equals(EngineEvent? x, EngineEvent? y) => x?.ToString() == y?.ToString();

        public int GetHashCode(EngineEvent obj) => obj.ToString().GetHashCode(StringComparison.Ordinal);
    }
}
