using MarginCall.Core.Numbers;

namespace MarginCall.Core.Model;

/// <summary>
/// A spot asset that can be deposited as collateral or borrowed. Deposits count toward requirements at a haircut
/// (weight below one); borrows carry a liability weight above one (Aave/Mango style weights, in ppm).
/// The venue's quote asset has weight one and a fixed price of one.
/// </summary>
public sealed record Asset
{
    /// <summary>Creates and validates an asset.</summary>
    public Asset(
        AssetId id,
        string symbol,
        int decimals,
        int priceDecimals,
        string oracle,
        Ppm initialDepositWeight,
        Ppm maintenanceDepositWeight,
        Ppm initialBorrowWeight,
        Ppm maintenanceBorrowWeight)
    {
        Require(!string.IsNullOrWhiteSpace(symbol), nameof(symbol), "must not be empty");
        Require(decimals is >= 0 and <= 18, nameof(decimals), "must be 0..18");
        Require(priceDecimals is >= 0 and <= 18, nameof(priceDecimals), "must be 0..18");
        Require(maintenanceDepositWeight.Value is >= 0 and <= Ppm.OneValue, nameof(maintenanceDepositWeight), "must be within 0..1");
        Require(initialDepositWeight >= Ppm.Zero && initialDepositWeight <= maintenanceDepositWeight, nameof(initialDepositWeight), "must be within 0..maintenanceDepositWeight");
        Require(maintenanceBorrowWeight >= Ppm.One, nameof(maintenanceBorrowWeight), "must be at least 1");
        Require(initialBorrowWeight >= maintenanceBorrowWeight, nameof(initialBorrowWeight), "must be at least maintenanceBorrowWeight");
        Id = id;
        Symbol = symbol;
        Decimals = decimals;
        PriceDecimals = priceDecimals;
        Oracle = oracle;
        InitialDepositWeight = initialDepositWeight;
        MaintenanceDepositWeight = maintenanceDepositWeight;
        InitialBorrowWeight = initialBorrowWeight;
        MaintenanceBorrowWeight = maintenanceBorrowWeight;
    }

    /// <summary>Index in the venue.</summary>
    public AssetId Id { get; }

    /// <summary>Ticker, e.g. USDC.</summary>
    public string Symbol { get; }

    /// <summary>Decimals of one quantum: 6 means 1 quantum = 0.000001 of the asset.</summary>
    public int Decimals { get; }

    /// <summary>Decimals of this asset's price in the quote asset.</summary>
    public int PriceDecimals { get; }

    /// <summary>Name of the price feed that prices this asset.</summary>
    public string Oracle { get; }

    /// <summary>Share of a deposit's value that counts toward the initial requirement (≤ 1).</summary>
    public Ppm InitialDepositWeight { get; }

    /// <summary>Share of a deposit's value that counts toward the maintenance requirement (≤ 1).</summary>
    public Ppm MaintenanceDepositWeight { get; }

    /// <summary>Liability weight of a borrow for the initial requirement (≥ 1).</summary>
    public Ppm InitialBorrowWeight { get; }

    /// <summary>Liability weight of a borrow for the maintenance requirement (≥ 1).</summary>
    public Ppm MaintenanceBorrowWeight { get; }

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new ModelValidationException(field, message);
        }
    }
}
