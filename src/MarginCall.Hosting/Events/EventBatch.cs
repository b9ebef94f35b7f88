using MarginCall.Engine.Events;

namespace MarginCall.Hosting.Events;

/// <summary>
/// The events of one durable command, in order (for a filtered subscription, those that match). A subscriber that has
/// received the batch of sequence <c>n</c> has everything up to <c>n</c> and resumes after it.
/// </summary>
public sealed record EventBatch(long Sequence, IReadOnlyList<EngineEvent> Events);
