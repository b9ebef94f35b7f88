using System.Security.Cryptography;
using System.Text;

namespace MarginCall.Engine.State;

/// <summary>
/// The state hash: SHA-256 over a canonical little-endian encoding of everything that decides future events —
/// clock, execution cost, bad debt and funding pool, each market (funding index, oracle, TWAP, basis,
/// staleness, window, parameters, order book), each account in slot order (id, owner, balances, positions,
/// liquidation bookkeeping), insurance funds and keeper rewards in key order. Derived data (the candidate index) is
/// excluded, so the index and the full scan must produce equal hashes; so is the sequence number, so a refused command leaves the hash unchanged.
/// </summary>
internal static class StateHasher
{
    /// <summary>Hashes the state.</summary>
    public static byte[] Hash(EngineState state)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            Write(w, state);
        }

        return SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static void Write(BinaryWriter w, EngineState state)
    {
        w.Write(state.Now);
        w.Write(state.ExecutionCost.Value);
        w.Write(state.BadDebt);
        w.Write(state.FundingPool);
        foreach (var market in state.Markets)
        {
            w.Write(state.Marks.FundingIndex(market.Market.Id));
            w.Write(state.Marks.Market(market.Market.Id).Units);
            w.Write(market.Oracle.Units);
            w.Write(market.OraclePublishTimeMs);
            w.Write(market.Twap);
            w.Write(market.BasisEma);
            w.Write(market.HasBasis);
            w.Write(market.IsStale);
            w.Write(market.WindowStartMs);
            w.Write(market.WindowLiquidatedNotional.Value);
            w.Write(market.Parameters.ToString()); // records print every property in declaration order
            market.Book.WriteTo(w);
        }

        for (var i = 0; i < state.Venue.Assets.Count; i++)
        {
            w.Write(state.Marks.Asset(new Core.Model.AssetId(i)).Units);
        }

        for (var slot = 0; slot < state.Accounts.Count; slot++)
        {
            var account = state.Accounts[slot];
            w.Write(account.Id.Value);
            w.Write(account.Owner);
            w.Write(account.SpotBalances.Length);
            foreach (var spot in account.SpotBalances)
            {
                w.Write(spot.Asset.Value);
                w.Write(spot.Balance);
            }

            w.Write(account.Positions.Length);
            foreach (var p in account.Positions)
            {
                w.Write(p.Market.Value);
                w.Write((byte)p.Mode);
                w.Write(p.Size);
                w.Write(p.QuoteBalance);
                w.Write(p.IsolatedMargin);
                w.Write(p.LastFundingIndex);
            }

            var risk = state.Accounts.Risk(slot);
            w.Write((byte)risk.State);
            w.Write(risk.LiquidationStartMs);
            w.Write(risk.WindowStartMs);
            w.Write(risk.WindowNotional);
        }

        foreach (var (fund, balance) in state.InsuranceFunds)
        {
            w.Write(fund);
            w.Write(balance);
        }

        foreach (var (keeper, reward) in state.KeeperRewards)
        {
            w.Write(keeper);
            w.Write(reward);
        }

        state.Liquidations.WriteTo(w);
    }
}
