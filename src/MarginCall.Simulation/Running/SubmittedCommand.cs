using MarginCall.Engine;
using MarginCall.Engine.Commands;

namespace MarginCall.Simulation.Running;

/// <summary>One command a run submitted to its engine, as <see cref="RunOptions.CommandSubmitted"/> reports it.</summary>
/// <param name="Command">The command, exactly as submitted.</param>
/// <param name="Time">The engine's clock once the command was applied (zero during setup; an <see cref="AdvanceTime"/> reports the time it moved to).</param>
/// <param name="Refused">Whether the run's engine refused it (its answer was a rejection; it changed nothing).</param>
public readonly record struct SubmittedCommand(Command Command, EngineTime Time, bool Refused);
