using MarginCall.Core.Model;

namespace MarginCall.Engine.Accounts;

/// <summary>
/// All accounts, stored densely in creation order (the order every full iteration uses, so iteration is
/// deterministic), with a dictionary for id lookups only (never iterated).
/// </summary>
public sealed class AccountStore
{
    private readonly Dictionary<AccountId, int> slotById = [];
    private Account[] accounts = new Account[16];
    private AccountRisk[] risk = new AccountRisk[16];

    /// <summary>Number of accounts.</summary>
    public int Count { get; private set; }

    /// <summary>The account in slot <paramref name="slot"/> (0 ≤ slot &lt; Count).</summary>
    public Account this[int slot] => accounts[slot];

    /// <summary>The liquidation bookkeeping of slot <paramref name="slot"/>.</summary>
    public ref AccountRisk Risk(int slot) => ref risk[slot];

    /// <summary>The slot of an account id, or −1.</summary>
    public int SlotOf(AccountId id) => slotById.TryGetValue(id, out var slot) ? slot : -1;

    /// <summary>Adds an account; returns its slot.</summary>
    public int Add(Account account)
    {
        if (Count == accounts.Length)
        {
            Array.Resize(ref accounts, Count * 2);
            Array.Resize(ref risk, Count * 2);
        }

        slotById.Add(account.Id, Count);
        accounts[Count] = account;
        risk[Count] = default;
        return Count++;
    }
}
