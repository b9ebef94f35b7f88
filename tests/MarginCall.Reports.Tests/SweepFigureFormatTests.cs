using MarginCall.Simulation.Sweeps;

namespace MarginCall.Reports.Tests;

public class SweepFigureFormatTests
{
    [Theory]
    [InlineData(-0.00001, "0")]
    [InlineData(-0.0, "0")]
    [InlineData(-0.4, "-0.4")]
    [InlineData(0.00456789, "0.0046")]
    [InlineData(-150.4, "-150")]
    [InlineData(-0.4 - 99.2, "-99.6")]
    [InlineData(1234567.8, "1,234,568")]
    [InlineData(double.NaN, "—")]
    public void Figures_are_rounded_to_what_is_shown_and_never_read_minus_zero(double value, string expected) =>
        Assert.Equal(expected, SweepHtml.V(value));
}
