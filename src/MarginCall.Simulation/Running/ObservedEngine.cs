using MarginCall.Engine;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;

namespace MarginCall.Simulation.Running;

/// <summary>
/// The run's engine behind the one door every command of a run goes through, so that
/// <see cref="RunOptions.CommandSubmitted"/> sees the whole command log in order (the log a service replays to reproduce
/// the run: the engine is a pure function of its genesis and commands).
/// </summary>
internal sealed class ObservedEngine(MarginEngine engine, Action<SubmittedCommand>? observer = null)
{
    /// <summary>The engine (reads only; commands go through <see cref="Submit"/>).</summary>
    public MarginEngine Engine => engine;

    /// <summary>Submits <paramref name="command"/>, appending its events to <paramref name="events"/>, then reports it to the observer.</summary>
    public void Submit(Command command, List<EngineEvent> events)
    {
        var before = events.Count;
        engine.Submit(command, events);
        if (observer is { } observe)
        {
            var refused = false;
            for (var i = before; i < events.Count; i++)
            {
                refused |= events[i] is CommandRejected;
            }

            observe(new SubmittedCommand(command, new EngineTime(engine.View.Now), refused));
        }
    }
}
