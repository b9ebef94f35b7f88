using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using MarginCall.Engine.Wire;

namespace MarginCall.Cli.Replay;

/// <summary>
/// Posts a scenario's command log (<see cref="ReplaySource"/>) to a running service over its HTTP API
/// (<c>POST /v1/commands</c>, one array per batch) when the scenario's clock reaches each batch's engine time:
/// wall time = engine time / speed from the start. A full queue (503 with <c>Retry-After</c>) is waited out and the
/// part not accepted sent again; a refusal by the engine is counted, never fatal. The service started from the
/// scenario's venue and engine settings, so alone it reproduces the simulator's events and state hash exactly.
/// </summary>
internal sealed class ScenarioReplay(HttpClient http, double speed, TextWriter log)
{
    /// <summary>Seconds of wall time between progress lines.</summary>
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);

    private readonly ArrayBufferWriter<byte> body = new(1 << 16);

    /// <summary>What the replay has done.</summary>
    public ReplayTally Tally { get; } = new();

    /// <summary>
    /// Replays <paramref name="batches"/>, skipping the first <paramref name="skip"/> commands (already in the log), after
    /// <paramref name="resume"/> (if given) agreed to go on past them; returns whether the replay went to its end.
    /// </summary>
    public async Task<bool> RunAsync(ChannelReader<ReplayBatch> batches, long skip, Func<Task<bool>>? resume, CancellationToken cancellation)
    {
        var resumeChecked = resume is null;
        var clock = Stopwatch.StartNew();
        var started = TimeSpan.Zero;
        var nextProgress = ProgressEvery;
        var skipped = 0L;
        var startMs = -1L;
        await foreach (var batch in batches.ReadAllAsync(cancellation))
        {
            var from = 0;
            if (skipped < skip)
            {
                from = (int)Math.Min(batch.Commands.Length, skip - skipped);
                skipped += from;
                if (from == batch.Commands.Length) continue;
            }

            if (!resumeChecked)
            {
                resumeChecked = true;
                if (!await resume!()) return false;
            }

            if (startMs < 0)
            {
                startMs = batch.Time.Milliseconds; // a resumed replay paces from where it resumes
                started = clock.Elapsed;
            }

            var due = started + TimeSpan.FromMilliseconds((batch.Time.Milliseconds - startMs) / speed);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed, cancellation);
            var liquidationsBefore = Tally.LiquidationSteps;
            await PostAsync(batch, from, cancellation);
            Tally.ScenarioMs = batch.Time.Milliseconds;
            if (liquidationsBefore == 0 && Tally.LiquidationSteps > 0)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replay: first liquidation at scenario time {Clock(batch.Time.Milliseconds)}, {clock.Elapsed.TotalSeconds:0.0} s after the start"));
            }

            if (clock.Elapsed >= nextProgress)
            {
                nextProgress = clock.Elapsed + ProgressEvery;
                var behind = clock.Elapsed - due;
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"replay: scenario time {Clock(batch.Time.Milliseconds)}, sequence {Tally.Sequence:N0}, {Tally.LiquidationSteps:N0} liquidation steps, {Tally.Refused:N0} refused{(behind > TimeSpan.FromSeconds(1) ? $", {behind.TotalSeconds:0} s behind the clock" : "")}"));
            }
        }

        // A log that already held the whole replay: checked once the run ended.
        return resumeChecked || await resume!();
    }

    /// <summary>An engine time as hours:minutes:seconds from the scenario's start.</summary>
    public static string Clock(long milliseconds) => string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 3_600_000:00}:{milliseconds / 60_000 % 60:00}:{milliseconds / 1000 % 60:00}");

    private async Task PostAsync(ReplayBatch batch, int from, CancellationToken cancellation)
    {
        while (from < batch.Commands.Length)
        {
            Serialize(batch, from);
            using var content = new ReadOnlyMemoryContent(body.WrittenMemory);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync("/v1/commands", content, cancellation);
            using var answer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellation), cancellationToken: cancellation);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter?.Delta is { } retry)
            {
                // The queue filled part-way: the first `accepted` commands will run (their answers are not given); resend the rest.
                var accepted = answer.RootElement.TryGetProperty("accepted", out var a) ? a.GetInt32() : 0;
                Tally.Commands += accepted;
                from += accepted;
                await Task.Delay(retry, cancellation);
                continue;
            }

            if (!response.IsSuccessStatusCode)
                throw new ReplayException($"the service answered {(int)response.StatusCode}: {answer.RootElement.GetRawText()}");
            Count(batch, from, answer.RootElement.GetProperty("results"));
            return;
        }
    }

    private void Serialize(ReplayBatch batch, int from)
    {
        body.Clear();
        using var j = new Utf8JsonWriter(body);
        j.WriteStartArray();
        for (var i = from; i < batch.Commands.Length; i++) CommandJson.Write(j, batch.Commands[i].Command);
        j.WriteEndArray();
    }

    private void Count(ReplayBatch batch, int from, JsonElement results)
    {
        var i = from;
        foreach (var result in results.EnumerateArray())
        {
            var refused = false;
            foreach (var e in result.GetProperty("events").EnumerateArray())
            {
                var type = e.GetProperty("type").GetString();
                refused |= type == "CommandRejected";
                Tally.LiquidationSteps += type == "LiquidationStep" ? 1 : 0;
            }

            Tally.Commands++;
            Tally.Refused += refused ? 1 : 0;
            Tally.Diverged += refused != batch.Commands[i].Refused ? 1 : 0;
            Tally.Sequence = result.GetProperty("sequence").GetInt64();
            i++;
        }
    }
}

/// <summary>The service answered a replay's request in a way the replay cannot go on from (not a refusal by the engine).</summary>
internal sealed class ReplayException(string message) : Exception(message);
