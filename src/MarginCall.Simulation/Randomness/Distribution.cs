namespace MarginCall.Simulation.Randomness;

/// <summary>
/// A univariate distribution a population is drawn from (position notional, leverage, positions per account).
/// Kinds: <c>fixed</c> (value), <c>uniform</c> (min, max), <c>lognormal</c> (median, sigma: ln X ~ N(ln median, sigma²)),
/// <c>pareto</c> (min, alpha: heavy-tailed sizes, P(X &gt; x) = (min/x)^alpha), <c>loguniform</c> (min, max: ln X uniform
/// on [ln min, ln max], as many draws per decade), and <c>choice</c> (values, weights).
/// Every kind may be clipped to [<see cref="Min"/>, <see cref="Max"/>] where both apply.
/// </summary>
public sealed record Distribution
{
    /// <summary>fixed, uniform, lognormal, pareto, loguniform or choice.</summary>
    public string Kind { get; init; } = "fixed";

    /// <summary>The constant of <c>fixed</c>.</summary>
    public double? Value { get; init; }

    /// <summary>Lower bound (uniform, loguniform, pareto scale) or clip.</summary>
    public double? Min { get; init; }

    /// <summary>Upper bound (uniform, loguniform) or clip.</summary>
    public double? Max { get; init; }

    /// <summary>Median of <c>lognormal</c>.</summary>
    public double? Median { get; init; }

    /// <summary>Standard deviation of ln X for <c>lognormal</c>.</summary>
    public double? Sigma { get; init; }

    /// <summary>Tail index of <c>pareto</c>.</summary>
    public double? Alpha { get; init; }

    /// <summary>Outcomes of <c>choice</c>.</summary>
    public IReadOnlyList<double>? Values { get; init; }

    /// <summary>Relative weights of <c>choice</c> (default: equal).</summary>
    public IReadOnlyList<double>? Weights { get; init; }

    /// <summary>A distribution that always yields <paramref name="value"/>.</summary>
    public static Distribution Fixed(double value) => new() { Kind = "fixed", Value = value };

    /// <summary>Checks the parameters of the kind; returns the offending member name and message, or null when valid.</summary>
    public (string Field, string Message)? Validate()
    {
        switch (Kind)
        {
            case "fixed":
                return Value is null || !double.IsFinite(Value.Value) ? ("value", "a fixed distribution needs a finite value") : null;
            case "uniform":
                return Min is null || Max is null || Max < Min ? ("max", "a uniform distribution needs min <= max") : null;
            case "lognormal":
                if (Median is null || Median <= 0)
                {
                    return ("median", "a lognormal distribution needs a positive median");
                }

                return Sigma is null || Sigma < 0 ? ("sigma", "a lognormal distribution needs sigma >= 0") : null;
            case "pareto":
                if (Min is null || Min <= 0)
                {
                    return ("min", "a pareto distribution needs a positive min (its scale)");
                }

                return Alpha is null || Alpha <= 0 ? ("alpha", "a pareto distribution needs alpha > 0") : null;
            case "loguniform":
                if (Min is null || Min <= 0)
                {
                    return ("min", "a loguniform distribution needs a positive min");
                }

                return Max is null || Max < Min ? ("max", "a loguniform distribution needs min <= max") : null;
            case "choice":
                if (Values is null || Values.Count == 0)
                {
                    return ("values", "a choice distribution needs at least one value");
                }

                if (Weights is not null && (Weights.Count != Values.Count || Weights.Any(w => w < 0) || Weights.Sum() <= 0))
                {
                    return ("weights", "weights must be non-negative, one per value, and not all zero");
                }

                return null;
            default:
                return ("kind", $"unknown distribution {Scenarios.SafeText.Quote(Kind)} (fixed, uniform, lognormal, pareto, loguniform, choice)");
        }
    }

    /// <summary>Draws one value (the distribution must be valid).</summary>
    public double Sample(Xoshiro256StarStar random)
    {
        var x = Kind switch
        {
            "fixed" => Value!.Value,
            "uniform" => Min!.Value + ((Max!.Value - Min.Value) * random.NextDouble()),
            "lognormal" => Median!.Value * Math.Exp(Sigma!.Value * random.NextGaussian()),
            "pareto" => Min!.Value / Math.Pow(random.NextOpenDouble(), 1.0 / Alpha!.Value),
            "loguniform" => Math.Exp(Math.Log(Min!.Value) + ((Math.Log(Max!.Value) - Math.Log(Min.Value)) * random.NextDouble())),
            "choice" => Choose(random),
            _ => throw new InvalidOperationException($"unknown distribution '{Kind}'"),
        };
        if (Kind is "lognormal" or "pareto" or "choice")
        {
            if (Min is { } low && x < low)
            {
                x = low;
            }

            if (Max is { } high && x > high)
            {
                x = high;
            }
        }

        return x;
    }

    private double Choose(Xoshiro256StarStar random)
    {
        var values = Values!;
        if (Weights is null)
        {
            return values[random.NextInt(values.Count)];
        }

        var total = 0.0;
        foreach (var w in Weights)
        {
            total += w;
        }

        var u = random.NextDouble() * total;
        for (var i = 0; i < values.Count; i++)
        {
            u -= Weights[i];
            if (u < 0)
            {
                return values[i];
            }
        }

        return values[^1];
    }
}
