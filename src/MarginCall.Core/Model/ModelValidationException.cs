namespace MarginCall.Core.Model;

/// <summary>A model value was refused by its constructor or factory; <see cref="Field"/> names the offending field.</summary>
public sealed class ModelValidationException : Exception
{
    /// <summary>Creates the exception for <paramref name="field"/>.</summary>
    public ModelValidationException(string field, string message)
        : base($"{field}: {message}")
    {
        Field = field;
    }

    /// <summary>The path of the offending field, e.g. <c>markets[0].tiers[1].maintenanceRate</c>.</summary>
    public string Field { get; }
}
