namespace MarginCall.LoadTest;

/// <summary>
/// Event fan-out's cost to the sequencer: the same closed-loop HTTP load with no stream subscriber and with
/// <c>subscribers</c> of them reading every event, alternating for <c>rounds</c> rounds in one run (so drift in the shared
/// box's load hits both alike). The sequencer's rate is the host's durable-sequence progress; publishing never waits for a
/// subscriber, so a subscriber that cannot keep up is disconnected (counted) rather than slowing it.
/// </summary>
internal static class FanOut
{
    public static async Task<List<PhaseResult>> RunAsync(LoadService service, LoadClient client, LoadBodies bodies, int writers, int subscribers, int rounds, TimeSpan duration)
    {
        var results = new List<PhaseResult>();
        for (var round = 0; round < rounds; round++)
        {
            results.Add(await LoadPhases.ClosedAsync("fanout-0", service, client, bodies, writers, duration));
            await using var stream = await StreamSubscribers.ConnectAsync(service.Address, service.ReaderSecret, subscribers, service.Host.DurableSequence);
            var phase = await LoadPhases.ClosedAsync($"fanout-{subscribers}", service, client, bodies, writers, duration);
            await stream.DrainAsync(service.Host.DurableSequence, TimeSpan.FromSeconds(30));
            results.Add(phase with { Subscribers = subscribers, Delivered = stream.Delivered, Disconnected = stream.Disconnected, OutOfOrder = stream.OutOfOrder });
        }

        return results;
    }

    /// <summary>1 − (mean sequencer rate with subscribers ÷ without): the fraction the fan-out slowed the sequencer.</summary>
    public static double Slowdown(IReadOnlyList<PhaseResult> results)
    {
        var without = results.Where(r => r.Subscribers == 0).Select(r => r.SequencerRate).DefaultIfEmpty(0).Average();
        var with = results.Where(r => r.Subscribers > 0).Select(r => r.SequencerRate).DefaultIfEmpty(0).Average();
        return without > 0 ? 1 - (with / without) : 0;
    }
}
