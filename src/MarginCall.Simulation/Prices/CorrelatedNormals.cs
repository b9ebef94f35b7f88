using MarginCall.Simulation.Randomness;

namespace MarginCall.Simulation.Prices;

/// <summary>
/// Draws vectors of standard normals with a given correlation matrix: z = L × e with L the Cholesky factor
/// (C = L Lᵀ) and e independent standard normals.
/// </summary>
public sealed class CorrelatedNormals
{
    private readonly double[,] factor;
    private readonly double[] independent;

    /// <summary>Factors <paramref name="correlation"/> (symmetric, unit diagonal, positive definite).</summary>
    /// <exception cref="ArgumentException">The matrix is not a valid correlation matrix.</exception>
    public CorrelatedNormals(double[,] correlation)
    {
        factor = Cholesky(correlation);
        independent = new double[correlation.GetLength(0)];
    }

    /// <summary>Dimension.</summary>
    public int Count => independent.Length;

    /// <summary>The lower-triangular Cholesky factor L of a correlation matrix.</summary>
    /// <exception cref="ArgumentException">Not square, not symmetric, diagonal not one, or not positive definite.</exception>
    public static double[,] Cholesky(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        if (matrix.GetLength(1) != n)
        {
            throw new ArgumentException("the correlation matrix must be square", nameof(matrix));
        }

        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            if (Math.Abs(matrix[i, i] - 1.0) > 1e-12)
            {
                throw new ArgumentException($"correlation[{i}][{i}] must be 1", nameof(matrix));
            }

            for (var j = 0; j <= i; j++)
            {
                if (Math.Abs(matrix[i, j] - matrix[j, i]) > 1e-12 || Math.Abs(matrix[i, j]) > 1.0)
                {
                    throw new ArgumentException($"correlation[{i}][{j}] must equal correlation[{j}][{i}] and lie in [-1, 1]", nameof(matrix));
                }

                var sum = matrix[i, j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[i, k] * l[j, k];
                }

                if (i == j)
                {
                    if (sum <= 0)
                    {
                        throw new ArgumentException("the correlation matrix must be positive definite", nameof(matrix));
                    }

                    l[i, i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i, j] = sum / l[j, j];
                }
            }
        }

        return l;
    }

    /// <summary>Fills <paramref name="output"/> with one correlated draw.</summary>
    public void Next(Xoshiro256StarStar random, Span<double> output)
    {
        for (var i = 0; i < independent.Length; i++)
        {
            independent[i] = random.NextGaussian();
        }

        for (var i = 0; i < independent.Length; i++)
        {
            var sum = 0.0;
            for (var k = 0; k <= i; k++)
            {
                sum += factor[i, k] * independent[k];
            }

            output[i] = sum;
        }
    }
}
