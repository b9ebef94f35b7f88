using MarginCall.Core.Numbers;
using MarginCall.Engine.OrderBook;
using static MarginCall.Engine.Tests.OrderBook.BookWorld;

namespace MarginCall.Engine.Tests.OrderBook;

public sealed class RejectionTests
{
    [Theory]
    [InlineData(0, 100, PlaceRejection.NonPositiveSize)]
    [InlineData(-5, 100, PlaceRejection.NonPositiveSize)]
    [InlineData(5, 0, PlaceRejection.NonPositivePrice)]
    [InlineData(5, -100, PlaceRejection.NonPositivePrice)]
    public void Invalid_order_is_rejected_and_the_book_is_unchanged(long size, long price, PlaceRejection expected)
    {
        var world = CrossableWorld();
        var before = world.Bytes();

        var result = world.Place(Carol, Side.Buy, price, size, out _);

        Assert.Equal(PlaceResult.Rejected(expected), result);
        Assert.False(result.IsAccepted);
        Assert.Equal(before, world.Bytes());
        Assert.Empty(world.Fills);
    }

    [Fact]
    public void Duplicate_id_is_rejected_before_any_matching()
    {
        var world = CrossableWorld();
        var resting = world.Bid(Alice, 90, 1);
        var before = world.Bytes();

        // Would cross the asks at 100 if accepted.
        var result = world.Book.Place(resting, Carol, Side.Buy, new Price(110), 5, world.Fills, world.SelfTradeCancelled);

        Assert.Equal(PlaceResult.Rejected(PlaceRejection.DuplicateOrderId), result);
        Assert.Equal(before, world.Bytes());
        Assert.Empty(world.Fills);
    }

    [Fact]
    public void Size_that_could_overflow_the_side_total_is_rejected()
    {
        var world = CrossableWorld();
        world.Bid(Alice, 90, long.MaxValue - 10);
        var before = world.Bytes();

        var result = world.Place(Carol, Side.Buy, 110, 11, out _);

        Assert.Equal(PlaceResult.Rejected(PlaceRejection.SizeOverflow), result);
        Assert.Equal(before, world.Bytes());
    }

    private static BookWorld CrossableWorld()
    {
        var world = new BookWorld();
        world.Ask(Bob, 100, 3);
        world.Bid(Bob, 95, 3);
        return world;
    }
}
