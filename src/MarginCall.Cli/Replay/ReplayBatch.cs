using MarginCall.Engine;
using MarginCall.Simulation.Running;

namespace MarginCall.Cli.Replay;

/// <summary>Consecutive commands of a scenario's run submitted at one engine time (one step, or part of the setup), in order.</summary>
/// <param name="Time">The engine time they were submitted at; the replay posts them when the scenario's clock reaches it.</param>
/// <param name="Commands">The commands, with whether the simulator's engine refused each.</param>
internal sealed record ReplayBatch(EngineTime Time, SubmittedCommand[] Commands);
