using MarginCall.Simulation.Prices;
using MarginCall.Simulation.Randomness;

namespace MarginCall.Simulation.Tests;

public class PriceProcessTests
{
    private const double Hour = 3600;

    private static double[] LogReturns(PriceProcess process, int steps, double stepSeconds, int market = 0)
    {
        var prices = new double[process.MarketCount];
        process.Initial(prices);
        var previous = prices[market];
        var returns = new double[steps];
        for (var i = 0; i < steps; i++)
        {
            process.Advance((i + 1) * stepSeconds, stepSeconds, prices);
            returns[i] = Math.Log(prices[market] / previous);
            previous = prices[market];
        }

        return returns;
    }

    private static (double Mean, double StdDev) Moments(double[] x)
    {
        var mean = x.Average();
        var variance = x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1);
        return (mean, Math.Sqrt(variance));
    }

    [Fact]
    public void Gbm_log_returns_have_the_drift_and_volatility_of_the_parameters()
    {
        const double mu = 0.5, sigma = 0.8;
        const int steps = 200_000;
        var process = new StochasticPriceProcess([100.0], [1.0], null, [new Regime("calm", mu, sigma, double.PositiveInfinity)], null, new Xoshiro256StarStar(42));

        var (mean, stdDev) = Moments(LogReturns(process, steps, Hour));

        var dt = Hour / StochasticPriceProcess.SecondsPerYear;
        var expectedStd = sigma * Math.Sqrt(dt);
        var standardError = expectedStd / Math.Sqrt(steps);
        Assert.InRange(mean, ((mu - (sigma * sigma / 2)) * dt) - (4 * standardError), ((mu - (sigma * sigma / 2)) * dt) + (4 * standardError));
        Assert.InRange(stdDev / expectedStd, 0.99, 1.01);
    }

    [Fact]
    public void Jumps_add_their_variance_to_the_diffusion()
    {
        const double sigma = 0.5, lambda = 2_000, jumpMean = -0.01, jumpStd = 0.02;
        var process = new StochasticPriceProcess([100.0], [1.0], null, [new Regime("calm", 0, sigma, double.PositiveInfinity)], new JumpModel(lambda, jumpMean, jumpStd), new Xoshiro256StarStar(7));

        var (_, stdDev) = Moments(LogReturns(process, 200_000, Hour));

        var dt = Hour / StochasticPriceProcess.SecondsPerYear;
        var expectedVariance = (sigma * sigma * dt) + (lambda * dt * ((jumpMean * jumpMean) + (jumpStd * jumpStd)));
        Assert.InRange(stdDev * stdDev / expectedVariance, 0.95, 1.05);
    }

    [Fact]
    public void Correlated_markets_show_the_requested_correlation()
    {
        var correlation = new[,] { { 1.0, 0.7 }, { 0.7, 1.0 } };
        var process = new StochasticPriceProcess([100.0, 10.0], [1.0, 1.5], correlation, [new Regime("calm", 0, 0.8, double.PositiveInfinity)], null, new Xoshiro256StarStar(3));
        var prices = new double[2];
        process.Initial(prices);
        var (a0, b0) = (prices[0], prices[1]);
        var a = new double[50_000];
        var b = new double[50_000];
        for (var i = 0; i < a.Length; i++)
        {
            process.Advance((i + 1) * 60.0, 60, prices);
            a[i] = Math.Log(prices[0] / a0);
            b[i] = Math.Log(prices[1] / b0);
            (a0, b0) = (prices[0], prices[1]);
        }

        var (ma, sa) = Moments(a);
        var (mb, sb) = Moments(b);
        var rho = a.Zip(b).Sum(p => (p.First - ma) * (p.Second - mb)) / ((a.Length - 1) * sa * sb);
        Assert.InRange(rho, 0.68, 0.72);
        Assert.InRange(sb / sa, 1.47, 1.53);
    }

    [Fact]
    public void Regime_switching_spends_time_in_proportion_to_mean_durations()
    {
        Regime[] regimes = [new("calm", 0, 0.3, 3 * Hour), new("stressed", 0, 2.0, Hour)];
        var process = new StochasticPriceProcess([100.0], [1.0], null, regimes, null, new Xoshiro256StarStar(5));
        var prices = new double[1];
        process.Initial(prices);
        var stressed = 0;
        const int steps = 400_000;
        for (var i = 0; i < steps; i++)
        {
            process.Advance((i + 1) * 60.0, 60, prices);
            stressed += process.CurrentRegime;
        }

        Assert.InRange(stressed / (double)steps, 0.22, 0.28); // 1 h / (3 h + 1 h)
    }

    [Fact]
    public void Cholesky_refuses_a_matrix_that_is_not_positive_definite()
    {
        var bad = new[,] { { 1.0, 0.9, -0.9 }, { 0.9, 1.0, 0.9 }, { -0.9, 0.9, 1.0 } };
        Assert.Throws<ArgumentException>(() => CorrelatedNormals.Cholesky(bad));
    }

    [Fact]
    public void Same_seed_gives_the_same_path_and_another_seed_does_not()
    {
        static double[] Path(ulong seed) => LogReturns(
            new StochasticPriceProcess([100.0], [1.0], null, [new Regime("r", 0, 1, double.PositiveInfinity)], new JumpModel(50, -0.05, 0.02), new Xoshiro256StarStar(seed)),
            1_000,
            60);

        Assert.Equal(Path(9), Path(9));
        Assert.NotEqual(Path(9), Path(10));
    }
}
