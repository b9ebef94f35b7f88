using System.Threading.Channels;
using MarginCall.Simulation.Running;
using MarginCall.Simulation.Scenarios;

namespace MarginCall.Cli.Replay;

/// <summary>
/// A scenario's command log, computed by running its simulation on a background thread and handed over in
/// <see cref="ReplayBatch"/>es (one per engine time, at most <see cref="MaxBatch"/> commands) through a bounded channel:
/// the run waits while the channel is full, so memory stays bounded however long the scenario (a whole 26-hour replay
/// is millions of commands; only <see cref="Capacity"/> batches are held at once).
/// </summary>
internal sealed class ReplaySource
{
    /// <summary>Commands per batch at most (one HTTP request each; well under the service's 10,000 per request and 4 MiB).</summary>
    public const int MaxBatch = 2_000;

    /// <summary>Batches computed ahead of the replay at most.</summary>
    public const int Capacity = 256;

    private readonly Channel<ReplayBatch> batches = Channel.CreateBounded<ReplayBatch>(new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true });
    private readonly List<SubmittedCommand> pending = new(MaxBatch);
    private readonly TaskCompletionSource<byte[]?> hashAt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long hashSequence;
    private readonly CancellationToken cancellation;
    private readonly SimulationRun run;
    private long time;
    private long count;

    private ReplaySource(LoadedScenario scenario, long hashSequence, CancellationToken cancellation)
    {
        this.hashSequence = hashSequence;
        this.cancellation = cancellation;
        run = new SimulationRun(scenario, new RunOptions { KeepTimeline = false, CommandSubmitted = Add });
    }

    /// <summary>The batches in order; the reader completes with the run's exception if it failed.</summary>
    public ChannelReader<ReplayBatch> Batches => batches.Reader;

    /// <summary>
    /// The simulator's state hash once its engine has applied command number <c>hashSequence</c> (to check that a log being
    /// resumed is a prefix of this replay); null if the run has fewer commands.
    /// </summary>
    public Task<byte[]?> HashAtSequence => hashAt.Task;

    /// <summary>Commands submitted so far (all of them once <see cref="Batches"/> completed).</summary>
    public long Count => Interlocked.Read(ref count);

    /// <summary>Starts running <paramref name="scenario"/> on a background thread.</summary>
    /// <exception cref="ScenarioException">A file the scenario names is malformed.</exception>
    public static ReplaySource Start(LoadedScenario scenario, long hashSequence, CancellationToken cancellation)
    {
        var source = new ReplaySource(scenario, hashSequence, cancellation);
        var thread = new Thread(source.Run) { Name = "margincall-replay-source", IsBackground = true };
        thread.Start();
        return source;
    }

    private void Run()
    {
        try
        {
            run.Run();
            Flush();
            hashAt.TrySetResult(null);
            batches.Writer.Complete();
        }
        catch (Exception e)
        {
            // Cancellation included: the reader sees why the log ended early.
            hashAt.TrySetException(e);
            batches.Writer.Complete(e);
        }
    }

    private void Add(SubmittedCommand command)
    {
        if (Interlocked.Increment(ref count) == hashSequence)
        {
            hashAt.TrySetResult(run.Engine.StateHash()); // on the run's thread, between two commands
        }

        if (command.Time.Milliseconds != time || pending.Count == MaxBatch)
        {
            Flush();
            time = command.Time.Milliseconds;
        }

        pending.Add(command);
    }

    private void Flush()
    {
        if (pending.Count == 0) return;
        var batch = new ReplayBatch(new Engine.EngineTime(time), [.. pending]);
        pending.Clear();
        // The run's thread blocks here while the replay is behind: that is the bound on memory.
        if (!batches.Writer.TryWrite(batch))
        {
            batches.Writer.WriteAsync(batch, cancellation).AsTask().GetAwaiter().GetResult();
        }
    }
}
