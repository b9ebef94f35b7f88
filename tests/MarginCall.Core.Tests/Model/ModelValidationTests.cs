using MarginCall.Core.Model;
using MarginCall.Core.Numbers;

namespace MarginCall.Core.Tests.Model;

public sealed class ModelValidationTests
{
    private static readonly Asset Usdc = new(new AssetId(0), "USDC", 6, 0, "USDC", Ppm.One, Ppm.One, Ppm.One, Ppm.One);

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void A_quote_asset_outside_the_asset_list_is_refused_naming_the_field(int quoteId)
    {
        var error = Assert.Throws<ModelValidationException>(() => new Venue([Usdc], new AssetId(quoteId), []));
        Assert.Equal("quoteAsset", error.Field);
    }

    [Fact]
    public void Margin_tiers_whose_caps_do_not_increase_are_refused_naming_the_tier()
    {
        var tier = new MarginTier(new Quantums(100), new Ppm(20_000), new Ppm(10_000), Quantums.Zero, Quantums.Zero);
        var error = Assert.Throws<ModelValidationException>(() => new MarginSchedule([tier, tier]));
        Assert.Equal("tiers[1].notionalCap", error.Field);
    }

    [Fact]
    public void Prices_must_be_positive()
    {
        var prices = new PriceSet(new Venue([Usdc], new AssetId(0), []));
        Assert.Throws<ModelValidationException>(() => prices.SetAsset(new AssetId(0), new Price(0)));
    }
}
