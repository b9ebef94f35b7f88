using CsCheck;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.OrderBook;

namespace MarginCall.Engine.Tests.OrderBook;

/// <summary>Random command sequences give the same fills, cancels and resting orders as <see cref="ReferenceOrderBook"/>.</summary>
public sealed class ReferenceModelProperties
{
    private static readonly Side[] Sides = [Side.Buy, Side.Sell];

    /// <summary>
    /// One step. Kind: 0-4 place, 5 place reusing an earlier id, 6 cancel, 7-8 IOC, 9 cancel-all. Prices cluster on a
    /// few ticks so levels collide and orders cross; 0 and negative sizes exercise the rejections.
    /// </summary>
    public sealed record Step(int Kind, int Owner, Side Side, long Price, long Size, int Pick);

    private static readonly Gen<Step> StepGen = Gen.Select(
        Gen.Int[0, 9],
        Gen.Int[1, 3],
        Gen.Bool,
        Gen.Int[0, 10],
        Gen.Int[-1, 12],
        Gen.Int[0, 1_000],
        (kind, owner, buy, tick, size, pick) =>
            new Step(kind, owner, buy ? Side.Buy : Side.Sell, tick == 0 ? 0 : 95 + tick, size, pick));

    [Fact]
    public void Book_matches_the_reference_model_on_random_sequences() =>
        StepGen.Array[1, 80].Sample(Run, iter: 2_000);

    private static void Run(Step[] steps)
    {
        var book = new LimitOrderBook(new MarketId(1), initialOrderCapacity: 4);
        var model = new ReferenceOrderBook();
        var fills = new List<Fill>();
        var modelFills = new List<Fill>();
        var cancelled = new List<OrderId>();
        var modelCancelled = new List<OrderId>();
        long nextId = 1;

        foreach (var step in steps)
        {
            fills.Clear();
            modelFills.Clear();
            cancelled.Clear();
            modelCancelled.Clear();
            var owner = new AccountId(step.Owner);
            switch (step.Kind)
            {
                case <= 5:
                    var id = new OrderId(step.Kind == 5 ? 1 + (step.Pick % nextId) : nextId++);
                    Assert.Equal(
                        model.Place(id, owner, step.Side, step.Price, step.Size, modelFills, modelCancelled),
                        book.Place(id, owner, step.Side, new Price(step.Price), step.Size, fills, cancelled));
                    break;
                case 6:
                    var target = new OrderId(1 + (step.Pick % nextId));
                    Assert.Equal(model.Cancel(target), book.Cancel(target));
                    break;
                case <= 8 when step.Size > 0 && step.Price > 0:
                    var taker = new AccountId(step.Pick % 2 == 0 ? 99 : step.Owner); // sometimes a self-trader
                    var expected = step.Kind == 8 ? book.Sweep(step.Side, step.Size, new Price(step.Price)) : default;
                    var filled = book.MatchImmediateOrCancel(taker, step.Side, step.Size, new Price(step.Price), fills, cancelled);
                    Assert.Equal(model.Ioc(taker, step.Side, step.Size, step.Price, modelFills, modelCancelled), filled);
                    if (step.Kind == 8 && cancelled.Count == 0)
                    {
                        Assert.Equal(filled, expected.Size);
                        Assert.Equal(fills.Aggregate(Int128.Zero, (sum, f) => sum + ((Int128)f.Price.Units * f.Size)), expected.PriceTimesSize);
                    }

                    break;
                case 9:
                    book.CancelAll(owner, cancelled);
                    modelCancelled.AddRange(model.CancelAll(owner));
                    break;
            }

            Assert.Equal(modelFills, fills);
            Assert.Equal(modelCancelled, cancelled);
            AssertSameBook(model, book);
        }
    }

    private static void AssertSameBook(ReferenceOrderBook model, LimitOrderBook book)
    {
        var count = 0;
        foreach (var side in Sides)
        {
            var expected = model.Orders(side);
            var actual = new List<RestingOrder>();
            book.CopyOrders(side, actual);
            Assert.Equal(expected, actual);
            Assert.Equal(expected.Sum(o => o.Size), book.TotalSize(side));
            Assert.Equal(expected.Select(o => o.Price).Distinct().Count(), book.LevelCount(side));
            count += expected.Count;
        }

        Assert.Equal(count, book.OrderCount);
        Assert.Equal(model.Orders(Side.Buy).Select(o => (Price?)o.Price).FirstOrDefault(), book.BestBid);
        Assert.Equal(model.Orders(Side.Sell).Select(o => (Price?)o.Price).FirstOrDefault(), book.BestAsk);
        for (var owner = 1; owner <= 3; owner++)
        {
            Assert.Equal(model.OpenOrders(new AccountId(owner)), book.OpenOrders(new AccountId(owner)));
        }
    }
}
