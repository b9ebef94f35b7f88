using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;
using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Risk;
using MarginCall.Keeper.Reads;
using MarginCall.Keeper.Strategy;
using MarginCall.Simulation.Liquidity;
using BookSide = MarginCall.Simulation.Liquidity.BookSide;
using MarginCall.Simulation.Population;
using MarginCall.Simulation.Prices;
using MarginCall.Simulation.Randomness;
using MarginCall.Simulation.Reporting;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Simulation.Running;

// SimulationRun, part: Setup: the venue's first prices, the market maker, the population, the book and the keeper.
public sealed partial class SimulationRun
{
    /// <summary>Quote quantums per whole quote unit are 10^decimals; the cushion is one whole unit.</summary>
    private long CrossCushion => (long)FixedPoint.Pow10(scenario.Quote.Decimals);

    private void Setup()
    {
        var n = scenario.Markets.Count;
        process.Initial(fundamental);
        fundamental.CopyTo(oracle, 0);
        minPrice = [.. fundamental];
        maxPrice = [.. fundamental];
        maxImpact = new double[n];
        if (scenario.InsuranceFund > 0)
        {
            var fund = scenario.EngineSettings.Parameters?.InsuranceFund ?? 0;
            Submit(new FundInsurance(new FundId(fund), LedgerConversion.ToQuantums(scenario.InsuranceFund, scenario.Quote.Decimals)), setupRejections);
        }

        if (scenario.EngineSettings.ExecutionCost is { } cost)
        {
            Submit(new SetExecutionCost(cost), setupRejections);
        }

        for (var m = 0; m < n; m++)
        {
            Submit(new OraclePrice(new MarketId(m), OraclePriceOf(m), EngineTime.Zero), setupRejections);
        }

        var plan = scenario.Population.File is { } file
            ? PopulationCsv.Load(loaded.Resolve(file), [.. scenario.Markets.Select(m => m.Symbol)])
            : PopulationGenerator.ScaleToOpenInterest(
                PopulationGenerator.Generate(scenario.Population, n, new Xoshiro256StarStar(seed, 1)),
                [.. calibrations.Select(c => c?.OpenInterest)]);
        populationAccounts = plan.Count;
        OpenPopulation(plan);
        for (var m = 0; m < n; m++)
        {
            var spec = MarketLiquidity.Spec(scenario, m);
            var market = venue.Market(new MarketId(m));
            var (profile, refill) = MarketLiquidity.Book(spec, calibrations[m], fundamental[m], market);
            makers[m] = new MarketMaker(market, MarketMakerAccount, new BookDepth(profile, refill, market.StepSize));
            impacts[m] = new MarketImpact(spec.ImpactPermanence, spec.ImpactHalfLifeSeconds ?? double.PositiveInfinity);
            makers[m].Quote(input, oracle[m], events);
            CountRejections(setupRejections);
        }

        if (scenario.Keeper.Enabled)
        {
            var first = engine.View.AccountCount == 0 ? 1 : MaxAccountId() + 1;
            keepers = new KeeperStrategy[scenario.Keeper.Count];
            keeperTallies = new KeeperTally[keepers.Length];
            var parameters = new KeeperParameters { MinimumAuctionProfit = LedgerConversion.ToPpm(scenario.Keeper.MinProfit) };
            for (var k = 0; k < keepers.Length; k++)
            {
                var id = new AccountId(first + k);
                var name = keepers.Length == 1 ? "keeper" : $"keeper-{k + 1}";
                Submit(new CreateAccount(id, name), setupRejections);
                accountsCreated++;
                Submit(new Deposit(id, venue.Quote.Id, LedgerConversion.ToQuantums(keeperCapital, scenario.Quote.Decimals)), setupRejections);
                keepers[k] = new KeeperStrategy(id, name, parameters, engine.View.Now);
                keeperTallies[k] = new KeeperTally();
            }

            keeperReads = new EngineViewReads(engine.View);
            hedgeQuotes = new MakerHedgeQuotes(makers, oracle);
        }

        fundBalance = fundStart = fundPeak = fundMinimum = TotalInsuranceFund();
        flags = new byte[engine.View.AccountCount];
        if (options.KeepTimeline)
        {
            Sample(0);
        }
    }

    /// <summary>
    /// Opens the population against the market maker at the initial prices, one engine account per planned account
    /// (<see cref="AccountOpening"/>: sizes, collateral, the one-unit cross cushion).
    /// </summary>
    private void OpenPopulation(IReadOnlyList<PlannedAccount> plan)
    {
        var quote = venue.Quote.Id;
        var decimals = scenario.Quote.Decimals;
        var totalNotional = plan.Sum(a => a.Positions.Sum(p => p.Notional));
        keeperCapital = totalNotional + 1_000_000;
        Submit(new CreateAccount(MarketMakerAccount, "market-maker"), setupRejections);
        Submit(new Deposit(MarketMakerAccount, quote, LedgerConversion.ToQuantums((2 * totalNotional) + 1_000_000, decimals)), setupRejections);
        accountsCreated = 1;
        foreach (var account in plan)
        {
            var opening = AccountOpening.Of(account, venue, fundamental, MarketMakerAccount, CrossCushion);
            Submit(opening.Create, setupRejections);
            accountsCreated++;
            if (opening.Deposit is { } deposit)
            {
                Submit(deposit, setupRejections);
            }

            foreach (var trade in opening.Trades)
            {
                if (Submit(trade, setupRejections))
                {
                    positionsOpened++;
                }
                else
                {
                    positionsRefused++;
                }
            }
        }
    }

    private long MaxAccountId()
    {
        var max = 0L;
        for (var slot = 0; slot < engine.View.AccountCount; slot++)
        {
            max = Math.Max(max, engine.View.Account(slot).Id.Value);
        }

        return max;
    }
}
