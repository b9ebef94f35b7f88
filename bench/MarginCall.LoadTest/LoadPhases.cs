using System.Diagnostics;
using MarginCall.Engine.Commands;
using MarginCall.Hosting;

namespace MarginCall.LoadTest;

/// <summary>The load's phases: each runs for a fixed time against one service and reports what was acknowledged.</summary>
internal static class LoadPhases
{
    /// <summary>Requests an open-loop phase may have in flight; past it the schedule waits (and the lateness is counted).</summary>
    public const int MaxOutstanding = 4_096;

    /// <summary>
    /// The sequencer's ceiling without HTTP: <paramref name="writers"/> tasks each submit <paramref name="batch"/> commands
    /// to the host and wait for them all, again and again (closed loop). The gap to the HTTP phases is the front's cost.
    /// </summary>
    public static async Task<PhaseResult> HostAsync(LoadService service, int accounts, int writers, int batch, TimeSpan duration)
    {
        var rounds = Enumerable.Range(0, 16).Select(r => LoadBodies.Commands(accounts, batch, r)).ToArray();
        var latency = new LatencyRecorder();
        long commands = 0, requests = 0, busy = 0;
        var window = Window.Start(service.Host);
        var loops = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var pending = new Task<CommandResult>[batch];
            var round = w;
            do
            {
                var sent = Stopwatch.GetTimestamp();
                var queued = 0;
                try
                {
                    foreach (var command in rounds[round % rounds.Length]) pending[queued++] = service.Host.SubmitAsync(command);
                }
                catch (HostBusyException)
                {
                    queued--;
                    Interlocked.Increment(ref busy);
                }

                await Task.WhenAll(pending.AsSpan(0, queued));
                latency.Record(Stopwatch.GetTimestamp() - sent, queued);
                Interlocked.Add(ref commands, queued);
                Interlocked.Increment(ref requests);
                round++;
            }
            while (window.Elapsed < duration);
        })).ToArray();
        await Task.WhenAll(loops);
        return window.Result("host", $"{writers} submitters x {batch} commands in flight, no HTTP", commands, requests, busy, latency);
    }

    /// <summary>
    /// Closed-loop throughput over HTTP: <paramref name="writers"/> connections each post a batch and wait for its answer,
    /// again and again, for <paramref name="duration"/>.
    /// </summary>
    public static async Task<PhaseResult> ClosedAsync(string name, LoadService service, LoadClient client, LoadBodies bodies, int writers, TimeSpan duration)
    {
        var latency = new LatencyRecorder();
        long commands = 0, requests = 0, busy = 0;
        var window = Window.Start(service.Host);
        var loops = Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            // At least one request each, so a phase shorter than a connection's set-up still measures something.
            do
            {
                var sent = Stopwatch.GetTimestamp();
                var (acknowledged, full) = await client.PostAsync(bodies.Next(), bodies.Batch);
                latency.Record(Stopwatch.GetTimestamp() - sent, acknowledged);
                Interlocked.Add(ref commands, acknowledged);
                Interlocked.Increment(ref requests);
                if (full)
                {
                    Interlocked.Increment(ref busy);
                    await Task.Delay(1);
                }
            }
            while (window.Elapsed < duration);
        })).ToArray();
        await Task.WhenAll(loops);
        return window.Result(name, $"closed loop, {writers} connections x {bodies.Batch} commands per request", commands, requests, busy, latency);
    }

    /// <summary>
    /// Open-loop fixed rate over HTTP: a request of <see cref="LoadBodies.Batch"/> commands is due every batch / rate
    /// seconds and is sent when due, whether or not earlier ones were answered (up to <see cref="MaxOutstanding"/> in
    /// flight). Two latencies per command: from the send to the durable answer (the acknowledgement latency), and from
    /// when it was due (adding the client's own lateness: timer granularity, a busy box).
    /// </summary>
    public static async Task<(PhaseResult FromSend, LatencySummary FromDue)> OpenAsync(LoadService service, LoadClient client, LoadBodies bodies, int rate, TimeSpan duration)
    {
        var fromSend = new LatencyRecorder();
        var fromDue = new LatencyRecorder();
        long commands = 0, requests = 0, busy = 0;
        var outstanding = new SemaphoreSlim(MaxOutstanding);
        var inFlight = new List<Task>();
        var interval = (double)Stopwatch.Frequency * bodies.Batch / rate;
        var window = Window.Start(service.Host);
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        async Task SendAsync(long due)
        {
            try
            {
                var sent = Stopwatch.GetTimestamp();
                var (acknowledged, full) = await client.PostAsync(bodies.Next(), bodies.Batch);
                var answered = Stopwatch.GetTimestamp();
                fromSend.Record(answered - sent, acknowledged);
                fromDue.Record(answered - due, acknowledged);
                Interlocked.Add(ref commands, acknowledged);
                Interlocked.Increment(ref requests);
                if (full) Interlocked.Increment(ref busy);
            }
            finally
            {
                outstanding.Release();
            }
        }

        // A dedicated thread keeps the schedule: it sleeps about a millisecond, then sends every request that has come due.
        var scheduler = new Thread(() =>
        {
            for (long k = 0; ; k++)
            {
                var due = start + (long)(k * interval);
                if (due >= end) break;
                while (Stopwatch.GetTimestamp() < due) Thread.Sleep(1);
                outstanding.Wait();
                inFlight.Add(SendAsync(due));
            }
        }) { Name = "load-schedule", IsBackground = true };
        scheduler.Start();
        await Task.Run(scheduler.Join);
        await Task.WhenAll(inFlight);
        var phase = window.Result("latency", $"open loop, {rate:N0} commands/s as {bodies.Batch}-command requests", commands, requests, busy, fromSend);
        return (phase, fromDue.Summarize());
    }

    /// <summary>The phase's clock, the host's durable sequence, the process's CPU time and the GC's pauses at its start.</summary>
    private sealed class Window
    {
        private readonly EngineHost host;
        private readonly long startSequence;
        private readonly TimeSpan startCpu;
        private readonly TimeSpan startPause;
        private readonly int startGen2;
        private readonly Stopwatch clock;

        private Window(EngineHost host)
        {
            this.host = host;
            startSequence = host.DurableSequence;
            startCpu = Environment.CpuUsage.TotalTime;
            startPause = GC.GetTotalPauseDuration();
            startGen2 = GC.CollectionCount(2);
            clock = Stopwatch.StartNew();
        }

        public TimeSpan Elapsed => clock.Elapsed;

        public static Window Start(EngineHost host) => new(host);

        public PhaseResult Result(string name, string load, long commands, long requests, long busy, LatencyRecorder latency)
        {
            var seconds = clock.Elapsed.TotalSeconds;
            return new PhaseResult(name, load, commands, requests, busy, seconds, (host.DurableSequence - startSequence) / seconds, latency.Summarize())
            {
                CpuSeconds = (Environment.CpuUsage.TotalTime - startCpu).TotalSeconds,
                GcPauseMilliseconds = (GC.GetTotalPauseDuration() - startPause).TotalMilliseconds,
                Gen2Collections = GC.CollectionCount(2) - startGen2,
            };
        }
    }
}
