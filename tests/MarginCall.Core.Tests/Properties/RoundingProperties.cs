using CsCheck;
using MarginCall.Core.Risk;
using MarginCall.Core.Tests.TestWorld;

namespace MarginCall.Core.Tests.Properties;

/// <summary>Every rounding in the figures favours the venue: compared with exact rational arithmetic.</summary>
public sealed class RoundingProperties
{
    [Fact]
    public void No_rounding_path_favours_the_account() =>
        Scenario.Gen.Sample(scenario =>
        {
            var (world, account) = scenario.Build();
            foreach (var position in account.Positions.ToArray())
            {
                var computed = MarginCalculator.PoolOf(world.Venue, world.Prices, account, position);
                var exact = ExactFigures.PoolOf(world, account, position);

                Assert.True(Rational.Of(computed.Equity.Value) <= exact.Equity, "equity rounded up");
                Assert.True(Rational.Of(computed.MaintenanceRequirement.Value) >= exact.MaintenanceRequirement, "maintenance rounded down");
                Assert.True(Rational.Of(computed.InitialRequirement.Value) >= exact.InitialRequirement, "initial rounded down");
                Assert.True(Rational.Of(computed.Notional.Value) >= exact.Notional, "notional rounded down");

                // …and only by rounding: a handful of quantums per term, never a wrapped or mis-scaled figure.
                Assert.True(Rational.Of(computed.Equity.Value + 8) > exact.Equity, "equity far below exact");
                Assert.True(Rational.Of(computed.MaintenanceRequirement.Value - 8) < exact.MaintenanceRequirement, "requirement far above exact");

                if (computed.Health is { } health && exact.Equity >= Rational.Zero)
                {
                    // health ≤ exact equity / exact requirement, in ppm.
                    var bound = new Rational(exact.Equity.Numerator * exact.MaintenanceRequirement.Denominator * 1_000_000, exact.Equity.Denominator * exact.MaintenanceRequirement.Numerator);
                    Assert.True(Rational.Of(health.Value) <= bound, "health rounded up");
                }
            }
        }, iter: 400);
}
