using System.Text;
using MarginCall.Bench;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Wire;

namespace MarginCall.LoadTest;

/// <summary>
/// The request bodies of the load, serialized once so the client's cost is sending bytes, not building JSON: arrays of
/// <c>batch</c> one-quantum deposits in the wire contract's JSON form, cycling over the funded accounts. A deposit is a
/// real ingestion command (checked, applied, journaled) whose answer is one <c>BalanceChanged</c> event, so every
/// command is one stream batch.
/// </summary>
internal sealed class LoadBodies
{
    private const int Distinct = 16;
    private readonly byte[][] bodies;
    private int next = -1;

    public LoadBodies(int accounts, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(accounts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        Batch = batch;
        bodies = new byte[Distinct][];
        for (var b = 0; b < Distinct; b++)
        {
            var json = new StringBuilder("[");
            for (var i = 0; i < batch; i++)
            {
                if (i > 0) json.Append(',');
                json.Append(WireJson.Serialize(new Deposit(new AccountId(((b * batch) + i) % accounts), BenchVenue.Usdc, new Quantums(1))));
            }

            bodies[b] = Encoding.UTF8.GetBytes(json.Append(']').ToString());
        }
    }

    /// <summary>Commands per body.</summary>
    public int Batch { get; }

    /// <summary>The next body (thread-safe, round robin).</summary>
    public byte[] Next() => bodies[(int)((uint)Interlocked.Increment(ref next) % Distinct)];

    /// <summary>The same commands as <see cref="Next"/>'s bodies, for submitting to the host directly.</summary>
    public static Command[] Commands(int accounts, int batch, int round) =>
        [.. Enumerable.Range(0, batch).Select(i => (Command)new Deposit(new AccountId(((round * batch) + i) % accounts), BenchVenue.Usdc, new Quantums(1)))];
}
