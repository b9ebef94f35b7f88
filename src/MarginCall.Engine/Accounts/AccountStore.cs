using MarginCall.Core.Model;

namespace MarginCall.Engine.Accounts;

/// <summary>
/// All accounts, stored densely in creation order (the order every full iteration uses, so iteration is
/// deterministic), with an id → slot map for lookups only (never iterated).
/// </summary>
/// <remarks>
/// Slots live in fixed chunks rather than one doubling array: a doubling array carries up to half its length as
/// unused slots (31% at 200,000 accounts), a chunk list at most one chunk, and growing never copies the old slots.
/// </remarks>
internal sealed class AccountStore
{
    // 2,048 slots: an AccountRisk chunk is 51 KB and an account chunk 16 KB, both under the large object heap's
    // 85,000-byte threshold.
    private const int ChunkBits = 11;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ChunkMask = ChunkSize - 1;

    private readonly AccountSlotMap slotById = new();
    private Account[][] accounts = [];
    private AccountRisk[][] risk = [];

    /// <summary>Number of accounts.</summary>
    public int Count { get; private set; }

    /// <summary>The account in slot <paramref name="slot"/> (0 ≤ slot &lt; Count).</summary>
    public Account this[int slot] => accounts[slot >> ChunkBits][slot & ChunkMask];

    /// <summary>The liquidation bookkeeping of slot <paramref name="slot"/>.</summary>
    public ref AccountRisk Risk(int slot) => ref risk[slot >> ChunkBits][slot & ChunkMask];

    /// <summary>The slot of an account id, or −1.</summary>
    public int SlotOf(AccountId id) => slotById.SlotOf(id.Value);

    /// <summary>Adds an account; returns its slot.</summary>
    /// <exception cref="ArgumentException">An account with the same id is already stored.</exception>
    public int Add(Account account)
    {
        slotById.Add(account.Id.Value, Count);
        var chunk = Count >> ChunkBits;
        if (chunk == accounts.Length)
        {
            Array.Resize(ref accounts, Math.Max(4, chunk * 2));
            Array.Resize(ref risk, accounts.Length);
        }

        if (accounts[chunk] is null)
        {
            accounts[chunk] = new Account[ChunkSize];
            risk[chunk] = new AccountRisk[ChunkSize];
        }

        accounts[chunk][Count & ChunkMask] = account;
        risk[chunk][Count & ChunkMask] = default;
        return Count++;
    }
}
