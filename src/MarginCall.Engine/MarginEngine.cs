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

    /// <summary>Creates an engine over <paramref name="venue"/> (a genesis in the current format).</summary>
    public MarginEngine(Venue venue, EngineOptions? options = null)
        : this(new Genesis(venue, options))
    {
    }

    /// <summary>Creates an engine from the first record of its log.</summary>
    /// <exception cref="ModelValidationException">The format version is not one this build reads, or the options are invalid.</exception>
    public MarginEngine(Genesis genesis)
        : this(NewState(genesis), genesis.Options.UseFullScan)
    {
        Genesis = genesis;
    }

    // Every engine, new or loaded from a snapshot, is built here around its state.
    private MarginEngine(EngineState state, bool useFullScan)
    {
        State = state;
        Genesis = new Genesis(state.Venue, new EngineOptions { Thresholds = state.Thresholds, DefaultParameters = state.DefaultParameters, UseFullScan = useFullScan });
        View = new EngineView(State);
        UsesFullScan = useFullScan;
        detector = NewDetector();
        pipeline = new LiquidationPipeline();
    }

    /// <summary>
    /// The record the engine was built from (the venue at genesis; later listings are commands). For an engine loaded from
    /// a snapshot: the genesis equivalent of the snapshot (its venue and options).
    /// </summary>
    public Genesis Genesis { get; }

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

    /// <summary>Processes one command and returns its events (allocates a list; see the overload for hot loops). Each event carries the command's sequence number.</summary>
    public List<EngineEvent> Submit(Command command)
    {
        var events = new List<EngineEvent>();
        Submit(command, events);
        return events;
    }

    /// <summary>Processes one command, appending its events to <paramref name="events"/>; returns the sequence number it assigned (1 for the first command).</summary>
    public long Submit(Command command, List<EngineEvent> events)
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

        return State.Sequence;
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
            case ListMarket c: OnListMarket(c, events); break;
            case SetMarketStatus c: OnSetMarketStatus(c, events); break;
            default: throw new ArgumentException($"unknown command type {command.GetType().Name}", nameof(command));
        }
    }

    private static EngineState NewState(Genesis genesis)
    {
        ArgumentNullException.ThrowIfNull(genesis);
        if (Genesis.FormatProblem(genesis.FormatVersion) is { } unreadable)
        {
            throw new ModelValidationException("formatVersion", unreadable);
        }

        var (venue, options) = (genesis.Venue, genesis.Options);
        var problem = options.Thresholds.Validate() ?? options.DefaultParameters.Validate();
        if (problem is not null)
        {
            throw new ModelValidationException("options", problem);
        }

        return new EngineState(venue, options.Thresholds, options.DefaultParameters);
    }

    private ILiquidationDetector NewDetector() => UsesFullScan ? new FullScanDetector() : new CandidateIndex(State.Venue);

    private CommandRejected Reject(Command command, RejectionReason reason, string detail) =>
        new(State.Sequence, command.Code, reason, detail);
}
