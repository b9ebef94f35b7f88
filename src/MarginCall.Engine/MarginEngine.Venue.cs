using MarginCall.Core.Model;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Markets;

namespace MarginCall.Engine;

/// <summary>Venue commands: listing a market after genesis, pausing and reactivating one.</summary>
public sealed partial class MarginEngine
{
    private void OnListMarket(ListMarket c, List<EngineEvent> events)
    {
        if (c.Market is null)
        {
            events.Add(Reject(c, RejectionReason.InvalidParameters, "market: required"));
            return;
        }

        Venue venue;
        try
        {
            venue = State.Venue.WithMarket(c.Market);
        }
        catch (ModelValidationException e)
        {
            events.Add(Reject(c, RejectionReason.InvalidParameters, e.Message));
            return;
        }

        var parameters = State.DefaultParameters;
        State.AddMarket(venue, parameters);
        detector.AddMarket();
        events.Add(new MarketListed(State.Sequence, c.Market, parameters));
    }

    private void OnSetMarketStatus(SetMarketStatus c, List<EngineEvent> events)
    {
        if (!TryMarket(c, c.Market, events))
        {
            return;
        }

        var market = State.Markets[c.Market.Value];
        if (!Enum.IsDefined(c.Status) || c.Status == market.Status)
        {
            events.Add(Reject(c, RejectionReason.InvalidParameters, $"status: {c.Status} is not a change from {market.Status}"));
            return;
        }

        market.Status = c.Status;
        events.Add(new MarketStatusChanged(State.Sequence, c.Market, c.Status));
    }

    /// <summary>
    /// <see cref="TryMarket"/> for commands that trade on the market: a paused market refuses them
    /// (<see cref="MarketStatus.Paused"/>).
    /// </summary>
    private bool TryTradingMarket(Command c, MarketId id, List<EngineEvent> events)
    {
        if (!TryMarket(c, id, events))
        {
            return false;
        }

        if (State.Markets[id.Value].Status == MarketStatus.Paused)
        {
            events.Add(Reject(c, RejectionReason.MarketPaused, $"market {id} is paused"));
            return false;
        }

        return true;
    }
}
