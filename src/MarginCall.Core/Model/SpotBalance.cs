namespace MarginCall.Core.Model;

/// <summary>A signed spot balance in asset quantums: deposit &gt; 0, borrow &lt; 0.</summary>
/// <param name="Asset">The asset.</param>
/// <param name="Balance">Signed amount, asset quantums.</param>
public readonly record struct SpotBalance(AssetId Asset, long Balance);
