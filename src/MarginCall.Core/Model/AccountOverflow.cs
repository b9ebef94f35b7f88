namespace MarginCall.Core.Model;

/// <summary>
/// The heap part of an <see cref="Account"/> that has outgrown its inline entries: the arrays of the entry lists
/// that spilled (empty for a list still inline), and the owner, whose field the account lends to this object while
/// it exists (one field instead of two saves 8 bytes on every account, and almost no account ever spills).
/// </summary>
internal sealed class AccountOverflow(string owner)
{
    /// <summary>Who receives the account's margin call notices.</summary>
    public string Owner { get; } = owner;

    /// <summary>Every position of the account, by market id, once there are more than fit inline; else empty.</summary>
    public PerpPosition[] Positions { get; set; } = [];

    /// <summary>Every spot balance of the account, by asset id, once there are more than fit inline; else empty.</summary>
    public SpotBalance[] SpotBalances { get; set; } = [];
}
