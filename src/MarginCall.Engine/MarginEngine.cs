using MarginCall.Core.Model;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Queries;
using MarginCall.Engine.Risk;
using MarginCall.Engine.State;

namespace MarginCall.Engine;

/// <summary>
/// The deterministic sequencer (DESIGN §3): commands in, events out, one writer. Every command gets the next sequence
/// number; every event carries it. A command is validated completely before anything changes, so a refused command
/// leaves the state (and its hash) untouched. Not thread-safe by design: call it from one thread.
/// </summary>
public sealed partial class MarginEngine
{
    private ILiquidationDetector detector;
    private readonly LiquidationPipeline pipeline;
    private readonly List<int> candidates = [];

    /// <summary>Creates an engine over <paramref name="venue"/> with the candidate index.</summary>
    public MarginEngine(Venue venue, EngineOptions? options = null)
        : this(NewState(venue, options ?? new EngineOptions()), (options ?? new EngineOptions()).UseFullScan)
    {
    }

    // Every engine, new or loaded from a snapshot, is built here around its state.
    private MarginEngine(EngineState state, bool useFullScan)
    {
        State = state;
        View = new EngineView(State);
        UsesFullScan = useFullScan;
        detector = NewDetector();
        pipeline = new LiquidationPipeline();
    }

    /// <summary>The read API: the only way other projects read the engine's state (they change it only through commands).</summary>
    public EngineView View { get; }

    /// <summary>The engine's state, internal: other projects read it through <see cref="View"/>.</summary>
    internal EngineState State { get; }

    /// <summary>The detector in use (the candidate index, or the full scan when configured).</summary>
    internal ILiquidationDetector Detector => detector;

    /// <summary>Whether the engine runs the reference full scan instead of the candidate index (<see cref="EngineOptions.UseFullScan"/>).</summary>
    public bool UsesFullScan { get; }

    /// <summary>Accounts re-evaluated by price moves so far (the index's work measure).</summary>
    public long Evaluations { get; private set; }

    /// <summary>
    /// Entries the candidate index holds over all its keys, live and not yet compacted (a memory figure for the bench);
    /// 0 with the full scan, which keeps none.
    /// </summary>
    public long CandidateIndexEntries => detector is CandidateIndex index ? index.EntryCount : 0;

    /// <summary>Processes one command and returns its events (allocates a list; see the overload for hot loops).</summary>
    public List<EngineEvent> Submit(Command command)
    {
        var events = new List<EngineEvent>();
        Submit(command, events);
        return events;
    }

    /// <summary>Processes one command, appending its events to <paramref name="events"/>.</summary>
    public void Submit(Command command, List<EngineEvent> events)
    {
        ArgumentNullException.ThrowIfNull(command);
        State.Sequence++;
        try
        {
            Dispatch(command, events);
        }
        catch (OverflowException)
        {
            // Validation computes every figure before mutating; an overflow here means the checked pre-computation
            // refused the command before any write.
            events.Add(Reject(command, RejectionReason.Overflow, "an amount does not fit in 64 bits"));
        }
    }

    /// <summary>SHA-256 of the canonical state (see <see cref="StateHasher"/>).</summary>
    public byte[] StateHash() => StateHasher.Hash(State);

    private void Dispatch(Command command, List<EngineEvent> events)
    {
        switch (command)
        {
            case OraclePrice c: OnOraclePrice(c, events); break;
            case Trade c: OnTrade(c, events); break;
            case Deposit c: OnDeposit(c, events); break;
            case Withdraw c: OnWithdraw(c, events); break;
            case AdvanceTime c: OnAdvanceTime(c, events); break;
            case AssetPrice c: OnAssetPrice(c, events); break;
            case CreateAccount c: OnCreateAccount(c, events); break;
            case TransferIsolatedMargin c: OnTransferIsolatedMargin(c, events); break;
            case PlaceOrder c: OnPlaceOrder(c, events); break;
            case CancelOrder c: OnCancelOrder(c, events); break;
            case SetLiquidationParameters c: OnSetParameters(c, events); break;
            case SetExecutionCost c: OnSetExecutionCost(c, events); break;
            case UpdateFunding c: OnUpdateFunding(c, events); break;
            case KeeperLiquidate c: OnKeeperLiquidate(c, events); break;
            case WaterfallCommand c: OnWaterfallCommand(c, events); break;
            default: throw new ArgumentException($"unknown command type {command.GetType().Name}", nameof(command));
        }
    }

    private static EngineState NewState(Venue venue, EngineOptions options)
    {
        var problem = options.Thresholds.Validate() ?? options.DefaultParameters.Validate();
        if (problem is not null)
        {
            throw new ModelValidationException("options", problem);
        }

        return new EngineState(venue, options.Thresholds, options.DefaultParameters);
    }

    private ILiquidationDetector NewDetector() => UsesFullScan ? new FullScanDetector() : new CandidateIndex(State.Venue);

    private CommandRejected Reject(Command command, RejectionReason reason, string detail) =>
        new(State.Sequence, command.GetType().Name, reason, detail);
}
