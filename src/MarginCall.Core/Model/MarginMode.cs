namespace MarginCall.Core.Model;

/// <summary>How a position shares collateral.</summary>
public enum MarginMode : byte
{
    /// <summary>Backed by the account's whole cross collateral, together with every other cross position.</summary>
    Cross,

    /// <summary>Backed only by the margin set aside for it; its loss cannot reach the rest of the account.</summary>
    Isolated,
}
