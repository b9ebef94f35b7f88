using MarginCall.Engine.Events;

namespace MarginCall.Hosting;

/// <summary>A durable command: the sequence the engine gave it and the events it caused (a refusal is a <see cref="CommandRejected"/> event).</summary>
public sealed record CommandResult(long Sequence, IReadOnlyList<EngineEvent> Events);
