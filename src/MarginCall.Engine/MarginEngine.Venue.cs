using MarginCall.Core.Model;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;

namespace MarginCall.Engine;

/// <summary>Venue commands: listing a market after genesis.</summary>
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
}
