namespace MarginCall.Engine.Liquidation;

/// <summary>
/// Identifier of an insurance fund (<see cref="LiquidationParameters.InsuranceFund"/>: markets naming the same fund
/// share it). Non-negative.
/// </summary>
/// <param name="Value">The raw identifier.</param>
public readonly record struct FundId(int Value)
{
    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
