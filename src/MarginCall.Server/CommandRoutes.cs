using System.Security.Claims;
using System.Text.Json;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Events;
using MarginCall.Engine.Wire;
using MarginCall.Hosting;
using MarginCall.Server.Documentation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Prometheus;

namespace MarginCall.Server;

/// <summary>
/// <c>POST /v1/commands</c>: one command (a JSON object in the contract's form) or a batch (an array). Every command of
/// the request is parsed and authorized before any is queued, so bad input or a missing role changes nothing. Each
/// command kind needs a role (<see cref="RequiredRole"/>); a keeper may liquidate only as itself. The answer comes once
/// the commands are durable: their sequences and events. An engine refusal is an answer too (it is in the log): for a
/// single command it is a 422 naming the reason, in a batch a <see cref="CommandRejected"/> event in its result.
/// </summary>
internal static class CommandRoutes
{
    public static void Map(IEndpointRouteBuilder app, EngineHost host, ServerOptions options, Histogram latency) =>
        app.MapPost("/v1/commands", (Func<HttpContext, Task<IResult>>)(async context =>
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var result = await SubmitAsync(context, host, options);
                latency.Observe(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
                return result;
            }))
            .RequireAuthorization(Roles.Read)
            .RequireRateLimiting(RateLimits.Keepers)
            .Documented("PostCommands", "Submit one command or a batch; answered once durable", new OpenApiSchema { OneOf = [Schema.Batch, Schema.Object(("results", Schema.ArrayOf(Schema.Batch)))] },
                "Each command kind needs its role: ingestion kinds Feeder, KeeperLiquidate and TakeAuctionLot Keeper (a keeper key liquidates only under its own name), "
                + "SetLiquidationParameters, SetExecutionCost, FundInsurance and ListMarket Admin. The whole request is parsed and authorized before anything is queued. "
                + "The answer for one command is its batch, for an array `results` in order; a command the engine refuses is durable too: "
                + "alone a 422 with `reason` and `sequence`, in an array a CommandRejected event in its result. A full queue gives 503 with Retry-After "
                + "and, for an array, `accepted` and `lastAcceptedSequence`.")
            .Body(new OpenApiSchema
            {
                OneOf = [Schema.Ref(WireSchemas.Command), new OpenApiSchema { Type = JsonSchemaType.Array, Items = Schema.Ref(WireSchemas.Command), MinItems = 1, MaxItems = options.MaxCommandsPerRequest }],
            }, "one command in the wire contract's JSON form, or an array of them")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>The role a command needs.</summary>
    public static ApiRole RequiredRole(CommandCode code) => code switch
    {
        CommandCode.KeeperLiquidate or CommandCode.TakeAuctionLot => ApiRole.Keeper,
        CommandCode.SetLiquidationParameters or CommandCode.SetExecutionCost or CommandCode.FundInsurance or CommandCode.ListMarket or CommandCode.SetMarketStatus => ApiRole.Admin,
        _ => ApiRole.Feeder,
    };

    private static async Task<IResult> SubmitAsync(HttpContext context, EngineHost host, ServerOptions options)
    {
        if (!string.Equals(context.Request.ContentType?.Split(';')[0].Trim(), "application/json", StringComparison.OrdinalIgnoreCase))
            return Problems.Field(StatusCodes.Status415UnsupportedMediaType, "Content-Type", "the body must be application/json");
        string body;
        using (var reader = new StreamReader(context.Request.Body))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var (commands, single, problem) = Parse(body, options.MaxCommandsPerRequest);
        if (problem is not null) return problem;
        for (var i = 0; i < commands.Count; i++)
        {
            if (Authorize(context.User, commands[i], single ? "" : $"[{i}]") is { } refused) return refused;
        }

        var queued = new List<Task<CommandResult>>(commands.Count);
        try
        {
            foreach (var command in commands) queued.Add(host.SubmitAsync(command));
        }
        catch (HostBusyException busy)
        {
            // The queue filled part-way: what was queued will run; say exactly which, so the client retries the rest.
            var accepted = await Task.WhenAll(queued);
            return Problems.Busy(busy, context, new Dictionary<string, object?> { ["accepted"] = accepted.Length, ["lastAcceptedSequence"] = accepted.Length > 0 ? accepted[^1].Sequence : null });
        }
        catch (HostStoppedException stopped)
        {
            return Problems.Stopped(stopped);
        }

        CommandResult[] results;
        try
        {
            results = await Task.WhenAll(queued);
        }
        catch (HostStoppedException stopped)
        {
            return Problems.Stopped(stopped);
        }

        if (single)
        {
            var result = results[0];
            if (result.Events is [CommandRejected rejected])
            {
                return Results.Problem(detail: rejected.Detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Refused by the engine",
                    extensions: new Dictionary<string, object?> { ["reason"] = rejected.Reason.ToString(), ["sequence"] = result.Sequence });
            }

            return Json.Body(j => Json.Result(j, result));
        }

        return Json.Body(j => Json.Results(j, results));
    }

    private static (List<Command> Commands, bool Single, IResult? Problem) Parse(string body, int max)
    {
        var commands = new List<Command>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            return (commands, true, Problems.Field(StatusCodes.Status400BadRequest, "body", "not valid JSON: " + e.Message));
        }

        using (document)
        {
            var root = document.RootElement;
            var single = root.ValueKind != JsonValueKind.Array;
            if (!single && root.GetArrayLength() is var n && (n == 0 || n > max))
                return (commands, single, Problems.Field(StatusCodes.Status400BadRequest, "body", $"a batch holds 1 to {max} commands, not {n}"));
            var items = single ? [root] : root.EnumerateArray().ToList();
            for (var i = 0; i < items.Count; i++)
            {
                try
                {
                    // The element is read in place: the document is already parsed (duplicates refused), no second parse.
                    commands.Add(CommandJson.Read(items[i]));
                }
                catch (WireFormatException e)
                {
                    var field = single ? e.Field : $"[{i}].{e.Field}";
                    return (commands, single, Problems.Field(StatusCodes.Status400BadRequest, field, e.Message));
                }
            }

            return (commands, single, null);
        }
    }

    private static IResult? Authorize(ClaimsPrincipal user, Command command, string at)
    {
        var bound = BoundAccount(user);
        var role = RequiredRole(command.Code);
        // A keeper key bound to an account hedges what it takes: it may place orders for that account (and only that one).
        var hedge = command is PlaceOrder order && bound is { } own && order.Account.Value == own && user.IsInRole(nameof(ApiRole.Keeper));
        if (!hedge && !user.IsInRole(role.ToString()))
            return Problems.Field(StatusCodes.Status403Forbidden, at + "type", $"{command.Code} needs the {role} role");
        if (command is TakeAuctionLot take && bound is { } taker && !user.IsInRole(nameof(ApiRole.Admin)) && take.Taker.Value != taker)
            return Problems.Field(StatusCodes.Status403Forbidden, at + "taker", "a keeper key bound to an account takes lots only into it");
        if (command is KeeperLiquidate keeper && !user.IsInRole(nameof(ApiRole.Admin)) && keeper.Keeper != user.Identity?.Name)
            return Problems.Field(StatusCodes.Status403Forbidden, at + "keeper", "a keeper key liquidates only under its own name");
        return null;
    }

    private static long? BoundAccount(ClaimsPrincipal user) =>
        user.FindFirst(Roles.AccountClaim)?.Value is { } value ? long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}
