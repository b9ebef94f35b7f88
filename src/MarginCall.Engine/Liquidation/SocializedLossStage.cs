using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Events;
using MarginCall.Engine.State;

namespace MarginCall.Engine.Liquidation;

/// <summary>
/// The waterfall's last stage (DESIGN §5.6, Drift v2's socialized loss): a fund's equity below zero is charged pro rata
/// (by |size|) to the market's open interest, each share rounded up (the excess stays in the fund). While it cannot be
/// charged (no open interest) it is outstanding bad debt, which gates withdrawals.
/// </summary>
internal sealed class SocializedLossStage(TouchedAccounts touched)
{
    /// <summary>
    /// Charges <paramref name="shortfall"/> of <paramref name="fund"/>'s equity below zero to every holder of
    /// <paramref name="marketId"/> but <paramref name="bankruptSlot"/> (−1 for none); bad debt while it cannot.
    /// </summary>
    public void Charge(EngineState state, int bankruptSlot, MarketId marketId, int fund, long shortfall, List<EngineEvent> events)
    {
        state.BadDebt = checked(state.BadDebt + shortfall);
        events.Add(new BadDebtChanged(state.Sequence, new Quantums(shortfall), new Quantums(state.BadDebt), BadDebtReason.InsuranceFundBelowZero));
        long openInterest = 0;
        for (var slot = 0; slot < state.Accounts.Count; slot++)
        {
            if (slot != bankruptSlot && state.Accounts[slot].TryGetPosition(marketId, out var p))
            {
                openInterest = checked(openInterest + Math.Abs(p.Size));
            }
        }

        var charges = new List<SocializedCharge>();
        long collected = 0;
        if (openInterest > 0)
        {
            for (var slot = 0; slot < state.Accounts.Count; slot++)
            {
                var holder = state.Accounts[slot];
                if (slot == bankruptSlot || !holder.TryGetPosition(marketId, out var p))
                {
                    continue;
                }

                var charge = FixedPoint.Narrow(FixedPoint.Divide((Int128)shortfall * Math.Abs(p.Size), openInterest, Rounding.Ceiling));
                holder.SetPosition(p with { QuoteBalance = checked(p.QuoteBalance - charge) });
                charges.Add(new SocializedCharge(holder.Id, p.Size, new Quantums(charge)));
                collected = checked(collected + charge);
                touched.Add(slot);
            }
        }

        events.Add(new SocializedLoss(state.Sequence, marketId, new FundId(fund), new Quantums(shortfall), new Quantums(collected), openInterest, charges));
        if (collected > 0)
        {
            events.Add(new InsuranceFundChanged(state.Sequence, new FundId(fund), new Quantums(collected), new Quantums(state.AddToInsuranceFund(fund, collected)), FundChangeReason.SocializedLoss));
            var repaid = Math.Min(collected, shortfall);
            state.BadDebt -= repaid;
            events.Add(new BadDebtChanged(state.Sequence, new Quantums(-repaid), new Quantums(state.BadDebt), BadDebtReason.SocializedOverOpenInterest));
        }
    }
}
