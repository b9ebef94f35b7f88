using MarginCall.Simulation.Randomness;

namespace MarginCall.Simulation.Prices;

/// <summary>
/// Replays exchange klines (<see cref="KlineSeries"/>, one per market) at the run's step size. Each kline of length L
/// becomes n = ⌈L / step⌉ grid points at its open + k × step (k = 0 … n − 1), laid on a seeded path:
/// <list type="number">
/// <item>anchors: the open at k = 0 and the close at k = n − 1 (so a gap to the next kline's open shows as one step, as
/// it did in the market); the high and the low at two distinct grid points drawn uniformly from 1 … n − 2, the
/// extreme nearer the open first (the shortest path through the four prices, the least invented movement; high first
/// on a tie). With fewer than four points per kline the extremes that do not fit are left out, the nearer one kept;</item>
/// <item>between anchors, a Brownian bridge in log price: from x at point k − 1 toward anchor y at point j,
/// x_k = x + (y − x) / (j − k + 1) + s √((j − k) / (j − k + 1)) z, with z standard normal and s² the kline's Parkinson
/// variance per point, ln(high / low)² / (4 ln 2) / n (Parkinson 1980, "The extreme value method for estimating the
/// variance of the rate of return"), so the invented wiggle is as large as the kline's own range says;</item>
/// <item>every point is clipped into [low, high], so the path never leaves the kline's published range and touches
/// each of its four prices exactly.</item>
/// </list>
/// The draws come from one seeded stream per run (markets in order, klines in order), so a seed gives one path. After
/// the last kline the close holds.
/// </summary>
public sealed class KlinePriceProcess : PriceProcess
{
    private static readonly double FourLnTwo = 4 * Math.Log(2);

    private readonly KlineSeries[] series;
    private readonly Xoshiro256StarStar random;
    private readonly MarketPath[] paths;

    /// <summary>Creates the process; <paramref name="random"/> draws the paths.</summary>
    public KlinePriceProcess(IReadOnlyList<KlineSeries> series, Xoshiro256StarStar random)
    {
        this.series = [.. series];
        this.random = random;
        paths = new MarketPath[series.Count];
        for (var m = 0; m < paths.Length; m++)
        {
            paths[m] = new MarketPath();
        }
    }

    /// <inheritdoc />
    public override int MarketCount => series.Length;

    /// <inheritdoc />
    public override void Initial(Span<double> prices)
    {
        for (var m = 0; m < series.Length; m++)
        {
            prices[m] = series[m].Klines[0].Open;
        }
    }

    /// <inheritdoc />
    public override void Advance(double timeSeconds, double stepSeconds, Span<double> prices)
    {
        for (var m = 0; m < series.Length; m++)
        {
            prices[m] = PriceAt(m, timeSeconds, stepSeconds);
        }
    }

    private double PriceAt(int m, double time, double step)
    {
        var s = series[m];
        var path = paths[m];
        if (time >= s.EndSeconds)
        {
            return s.Klines[^1].Close;
        }

        var index = Math.Max(path.Kline, 0);
        while (index + 1 < s.Count && s.Klines[index + 1].OpenSeconds <= time + 1e-9)
        {
            index++;
        }

        if (index != path.Kline)
        {
            Enter(path, s, index, step);
        }

        var target = Math.Min(path.Points - 1, (int)Math.Floor(((time - s.Klines[index].OpenSeconds) / step) + 1e-9));
        while (path.Point < target)
        {
            Walk(path);
        }

        return Math.Exp(path.LogPrice);
    }

    /// <summary>Lays the anchors of kline <paramref name="index"/> and stands on its first point.</summary>
    private void Enter(MarketPath path, KlineSeries s, int index, double step)
    {
        var k = s.Klines[index];
        var n = Math.Max(1, (int)Math.Ceiling((s.Length(index) / step) - 1e-9));
        var highFirst = k.High - k.Open <= k.Open - k.Low;
        double nearer = highFirst ? k.High : k.Low, farther = highFirst ? k.Low : k.High;
        path.Kline = index;
        path.Points = n;
        path.Count = 0;
        if (n == 1)
        {
            path.Add(0, k.Close);
        }
        else if (n == 2)
        {
            path.Add(0, k.Open);
            path.Add(1, k.Close);
        }
        else if (n == 3)
        {
            path.Add(0, k.Open);
            path.Add(1, nearer);
            path.Add(2, k.Close);
        }
        else
        {
            var first = 1 + random.NextInt(n - 2);
            var second = 1 + random.NextInt(n - 3);
            if (second >= first)
            {
                second++;
            }

            path.Add(0, k.Open);
            path.Add(Math.Min(first, second), nearer);
            path.Add(Math.Max(first, second), farther);
            path.Add(n - 1, k.Close);
        }

        path.LogLow = Math.Log(k.Low);
        path.LogHigh = Math.Log(k.High);
        path.StepDeviation = Math.Sqrt(Math.Pow(path.LogHigh - path.LogLow, 2) / FourLnTwo / n);
        path.Point = 0;
        path.Next = 1;
        path.LogPrice = path.AnchorLog[0];
    }

    /// <summary>One point further along the bridge toward the next anchor.</summary>
    private void Walk(MarketPath path)
    {
        var k = ++path.Point;
        var j = path.AnchorPoint[path.Next];
        if (k == j)
        {
            path.LogPrice = path.AnchorLog[path.Next++];
            return;
        }

        var remaining = j - k;
        var x = path.LogPrice;
        x += ((path.AnchorLog[path.Next] - x) / (remaining + 1)) + (path.StepDeviation * Math.Sqrt(remaining / (remaining + 1.0)) * random.NextGaussian());
        path.LogPrice = Math.Clamp(x, path.LogLow, path.LogHigh);
    }

    /// <summary>Where one market's path stands.</summary>
    private sealed class MarketPath
    {
        public readonly int[] AnchorPoint = new int[4];
        public readonly double[] AnchorLog = new double[4];
        public int Kline = -1;
        public int Points;
        public int Count;
        public int Point;
        public int Next;
        public double LogPrice;
        public double LogLow;
        public double LogHigh;
        public double StepDeviation;

        public void Add(int point, double price)
        {
            AnchorPoint[Count] = point;
            AnchorLog[Count++] = Math.Log(price);
        }
    }
}
