namespace MarginCall.Core.Model;

/// <summary>Dense index of an asset in its <see cref="Venue"/> (0, 1, 2, …).</summary>
public readonly record struct AssetId(int Value)
{
    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Dense index of a perpetual market in its <see cref="Venue"/> (0, 1, 2, …).</summary>
public readonly record struct MarketId(int Value)
{
    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Identifier of a margin account.</summary>
public readonly record struct AccountId(long Value)
{
    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
