using MarginCall.Core.Model;

namespace MarginCall.Engine;

/// <summary>
/// The first record of a command log: what the engine is built from before the first command. A log is a genesis
/// followed by commands; replaying it gives the same events and state hashes (DESIGN §3). Later venue changes
/// (listing a market) are commands, so they are in the log too.
/// </summary>
/// <param name="FormatVersion">Version of the wire format the log is written in (<see cref="CurrentFormatVersion"/>).</param>
/// <param name="Venue">The venue's assets and markets at genesis.</param>
/// <param name="Options">Thresholds, default parameters and the detector.</param>
public sealed record Genesis(int FormatVersion, Venue Venue, EngineOptions Options)
{
    /// <summary>
    /// The format this build writes and reads: 3. A reader refuses a log with a higher version (it may hold codes or
    /// fields it does not know); codes are append-only, but the snapshot layout is not, so a build reads exactly its own version.
    /// </summary>
    public const int CurrentFormatVersion = 3;

    /// <summary>
    /// Why older versions are not read: records carry no length or version of their own, so a log of format 1 (before
    /// <c>BackstopCapacity</c>, <c>FundUnwindDepthShare</c>, <c>BackstopDeclined</c>'s stressed figures and
    /// <c>FeeBreakdown.KeeperTopUp</c> were appended) cannot be decoded by this build's layout, and a format-2 snapshot
    /// has no market status (<see cref="Markets.MarketStatus"/>, added with format 3); replay them with the build that
    /// wrote them.
    /// </summary>
    public const string OlderFormats = "format 1 logs were written before the backstop capacity, unwind depth share and keeper top-up fields, format 2 snapshots before the market status; replay them with the build that wrote them";

    /// <summary>Why this build cannot read a log of <paramref name="version"/>; null when it can (it reads exactly its own format).</summary>
    public static string? FormatProblem(int version) => version == CurrentFormatVersion
        ? null
        : $"{version} is not the format this build reads ({CurrentFormatVersion}{(version < CurrentFormatVersion ? "; " + OlderFormats : "")})";

    /// <summary>A genesis in the current format.</summary>
    public Genesis(Venue venue, EngineOptions? options = null)
        : this(CurrentFormatVersion, venue, options ?? new EngineOptions())
    {
    }
}
