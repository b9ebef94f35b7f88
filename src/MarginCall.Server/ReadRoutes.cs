using System.Text.Json;
using MarginCall.Core.Model;
using MarginCall.Engine.Commands;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Markets;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.Queries;
using MarginCall.Engine.Wire;
using MarginCall.Hosting;
using MarginCall.Hosting.Events;
using MarginCall.Server.Documentation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using static MarginCall.Server.Documentation.Schema;

namespace MarginCall.Server;

/// <summary>
/// The read endpoints. Each read runs on the sequencer between commands (<see cref="EngineHost.QueryAsync{T}"/>) and is
/// answered only once every command before it is durable; the query copies what it needs, the JSON is written after.
/// </summary>
internal static class ReadRoutes
{
    public static void Map(IEndpointRouteBuilder app, EngineHost host, ServerOptions options)
    {
        var reads = app.MapGroup("/v1").RequireAuthorization(Roles.Read);
        reads.MapGet("/venue", async () => await Queued(host, view => Venue(view)))
            .Documented("GetVenue", "Markets with their mark, oracle, best bid and ask, oracle staleness and open interest", VenueSchema);
        reads.MapGet("/accounts/at-risk", async (HttpRequest request) =>
        {
            if (Query.Int(request, "skip", 0, 0, int.MaxValue) is not { } skip) return Query.Invalid(request, "skip", "a whole number ≥ 0");
            if (Query.Int(request, "take", 50, 1, options.MaxPage) is not { } take) return Query.Invalid(request, "take", $"a whole number from 1 to {options.MaxPage}");
            return await Queued(host, view => AtRisk(view, skip, take));
        })
            .Documented("GetAccountsAtRisk", "Accounts by health, least healthy first, paged", AtRiskSchema)
            .QueryParameters(("skip", Int, "accounts to skip (default 0)"), ("take", Int, $"page size, 1 to {options.MaxPage} (default 50)"))
            .ProducesProblem(StatusCodes.Status400BadRequest);
        reads.MapGet("/accounts/{id}", async (string id) =>
        {
            if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
                return Problems.Field(StatusCodes.Status400BadRequest, "id", "the account id must be a whole number ≥ 0");
            var body = await host.QueryAsync(view => view.TryGetAccount(new AccountId(value), out var account) ? Account(view, account) : null);
            return body is null ? Problems.Field(StatusCodes.Status404NotFound, "id", $"no account {value}") : Json.Body(body);
        })
            .Documented("GetAccount", "An account's balances, cross pool and positions (the figures `inspect` shows), liquidation state, liquidation and bankruptcy prices", AccountSchema)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        reads.MapGet("/markets/{id}/book", async (string id, HttpRequest request) =>
        {
            if (!int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
                return Problems.Field(StatusCodes.Status400BadRequest, "id", "the market id must be a whole number ≥ 0");
            if (Query.Int(request, "levels", 50, 1, options.MaxPage) is not { } levels) return Query.Invalid(request, "levels", $"a whole number from 1 to {options.MaxPage}");
            var body = await host.QueryAsync(view => value < view.Venue.Markets.Count ? Book(view, new MarketId(value), levels) : null);
            return body is null ? Problems.Field(StatusCodes.Status404NotFound, "id", $"no market {value}") : Json.Body(body);
        })
            .Documented("GetBook", "The best levels of a market's book, each side best first (what a keeper prices its hedge from)", BookSchema)
            .QueryParameters(("levels", Int, $"levels per side, 1 to {options.MaxPage} (default 50)"))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        reads.MapGet("/auctions", async () => await Queued(host, Auctions))
            .Documented("GetAuctions", "Open Dutch-auction lots", AuctionsSchema);
        reads.MapGet("/insurance-funds", async () => await Queued(host, Funds))
            .Documented("GetInsuranceFunds", "Insurance fund balances and holdings", FundsSchema);
        reads.MapGet("/state-hash", async () =>
        {
            var hash = await host.StateHashAsync();
            return Json.Body(j =>
            {
                j.WriteStartObject();
                j.WriteNumber("sequence", host.DurableSequence);
                j.WriteString("sha256", Convert.ToHexStringLower(hash));
                j.WriteEndObject();
            });
        })
            .Documented("GetStateHash", "The durable sequence and the engine's SHA-256 state hash", Object(("sequence", Long), ("sha256", Text)));
        reads.MapGet("/events", (HttpRequest request) =>
        {
            if (Query.Long(request, "after", 0, 0, long.MaxValue) is not { } after) return Query.Invalid(request, "after", "a sequence number ≥ 0");
            if (Query.Int(request, "limit", 100, 1, options.MaxPage) is not { } limit) return Query.Invalid(request, "limit", $"a whole number from 1 to {options.MaxPage}");
            if (after > host.Events.LastSequence) return Problems.Field(StatusCodes.Status400BadRequest, "after", $"sequence {after} is past the last durable one, {host.Events.LastSequence}");
            IReadOnlyList<EventBatch> batches;
            try
            {
                batches = host.Events.Read(after, limit);
            }
            catch (EventsNotRetainedException e)
            {
                return Problems.NotRetained(e);
            }

            return Json.Body(j =>
            {
                j.WriteStartObject();
                j.WriteNumber("after", after);
                j.WriteStartArray("batches");
                foreach (var b in batches) Json.Batch(j, b.Sequence, b.Events);
                j.WriteEndArray();
                j.WriteEndObject();
            });
        })
            .Documented("GetEvents", "Retained event batches after a sequence, one per durable command that caused events", Object(("after", Long), ("batches", ArrayOf(Batch))))
            .QueryParameters(("after", Long, "the last sequence held (default 0)"), ("limit", Int, $"batches, 1 to {options.MaxPage} (default 100)"))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status410Gone);
    }

    private static OpenApiSchema VenueSchema => Object(("sequence", Long), ("timeMs", Long), ("quoteSymbol", Text), ("quoteDecimals", Int), ("executionCost", Long), ("markets", ArrayOf(Object(
        ("id", Int), ("symbol", Text), ("sizeDecimals", Int), ("priceDecimals", Int), ("mark", Long), ("oracle", Long), ("bestBid", NullableLong), ("bestAsk", NullableLong),
        ("oracleStale", Bool), ("status", Names<MarketStatus>()), ("openInterest", Long),
        ("listing", Object(("type", Text), ("market", Text))), ("parameters", Object(("type", Text), ("market", Int), ("parameters", Text)))))));

    private static OpenApiSchema BookSchema => Object(("sequence", Long), ("market", Int),
        ("bids", ArrayOf(Object(("price", Long), ("size", Long), ("orders", Int)))), ("asks", ArrayOf(Object(("price", Long), ("size", Long), ("orders", Int)))));

    private static OpenApiSchema PoolSchema => Object(("equity", Long), ("initialRequirement", Long), ("maintenanceRequirement", Long),
        ("notional", Long), ("freeCollateral", Long), ("health", NullableLong), ("leverage", NullableLong));

    private static OpenApiSchema AccountSchema => Object(("account", Long), ("liquidationState", Names<LiquidationState>()), ("liquidationStartMs", Long),
        ("risk", Object(("liquidatable", Bool), ("bankrupt", Bool), ("health", NullableLong), ("equity", Long))),
        ("balances", ArrayOf(Object(("asset", Int), ("amount", Long)))), ("cross", PoolSchema), ("positions", ArrayOf(Object(
            ("market", Int), ("mode", Names<MarginMode>()), ("size", Long), ("mark", Long), ("notional", Long), ("unrealizedPnl", Long),
            ("accruedFunding", Long), ("initialRequirement", Long), ("maintenanceRequirement", Long), ("pool", PoolSchema),
            ("liquidationPrice", NullableLong), ("bankruptcyPrice", NullableLong)))));

    private static OpenApiSchema AtRiskSchema => Object(("skip", Int), ("total", Int), ("accounts", ArrayOf(Object(
        ("account", Long), ("health", NullableLong), ("liquidationState", Names<LiquidationState>())))));

    private static OpenApiSchema AuctionsSchema => Object(("lots", ArrayOf(Object(
        ("lot", Long), ("account", Long), ("market", Int), ("liquidatingLong", Bool), ("size", Long), ("start", Long), ("end", Long),
        ("startMs", Long), ("resets", Int), ("notional", Long)))));

    private static OpenApiSchema FundsSchema => Object(("funds", ArrayOf(Object(
        ("fund", Int), ("balance", Long), ("holdings", ArrayOf(Object(("market", Int), ("size", Long), ("cost", Long))))))));

    private static async Task<IResult> Queued(EngineHost host, Func<EngineView, Action<Utf8JsonWriter>> read) => Json.Body(await host.QueryAsync(read));

    private static Action<Utf8JsonWriter> Venue(EngineView view)
    {
        var markets = view.Venue.Markets.Select(m =>
        {
            var market = view.Market(m.Id);
            return (m.Id, m.Symbol, m.SizeDecimals, m.PriceDecimals, market.Mark, market.Oracle, market.BestBid, market.BestAsk, market.IsStale, market.Status, OpenInterest: view.OpenInterest(m.Id),
                Listing: new ListMarket(m), Parameters: new SetLiquidationParameters(m.Id, market.Parameters));
        }).ToList();
        long now = view.Now, sequence = view.Sequence, executionCost = view.ExecutionCost.Value;
        var quote = view.Venue.Quote;
        return j =>
        {
            j.WriteStartObject();
            j.WriteNumber("sequence", sequence);
            j.WriteNumber("timeMs", now);
            // The scales of the integers, so a client can show human units: quote quantums have the quote asset's decimals.
            j.WriteString("quoteSymbol", quote.Symbol);
            j.WriteNumber("quoteDecimals", quote.Decimals);
            j.WriteNumber("executionCost", executionCost);
            j.WriteStartArray("markets");
            foreach (var m in markets)
            {
                j.WriteStartObject();
                j.WriteNumber("id", m.Id.Value);
                j.WriteString("symbol", m.Symbol);
                j.WriteNumber("sizeDecimals", m.SizeDecimals);
                j.WriteNumber("priceDecimals", m.PriceDecimals);
                j.WriteNumber("mark", m.Mark.Units);
                j.WriteNumber("oracle", m.Oracle.Units);
                Json.OptionalNumber(j, "bestBid", m.BestBid?.Units);
                Json.OptionalNumber(j, "bestAsk", m.BestAsk?.Units);
                j.WriteBoolean("oracleStale", m.IsStale);
                j.WriteString("status", m.Status.ToString());
                j.WriteNumber("openInterest", m.OpenInterest);
                // The definition and the parameters in force in the wire contract's command form, so a client (the keeper)
                // decodes them with the engine's own codec instead of a second schema.
                j.WritePropertyName("listing");
                CommandJson.Write(j, m.Listing);
                j.WritePropertyName("parameters");
                CommandJson.Write(j, m.Parameters);
                j.WriteEndObject();
            }

            j.WriteEndArray();
            j.WriteEndObject();
        };
    }

    private static Action<Utf8JsonWriter> Account(EngineView view, AccountView account)
    {
        var figures = account.Figures();
        var state = account.State;
        var risk = account.Risk();
        var liquidationStartMs = account.LiquidationStartMs;
        var balances = account.SpotBalances.ToArray();
        return j =>
        {
            j.WriteStartObject();
            j.WriteNumber("account", figures.Account.Value);
            j.WriteString("liquidationState", state.ToString());
            j.WriteNumber("liquidationStartMs", liquidationStartMs);
            // The worst pool decides (AccountRiskView): what the engine checks before a keeper's step.
            j.WriteStartObject("risk");
            j.WriteBoolean("liquidatable", risk.IsLiquidatable);
            j.WriteBoolean("bankrupt", risk.IsBankrupt);
            Json.OptionalNumber(j, "health", risk.Health?.Value);
            j.WriteNumber("equity", risk.Worst.Equity.Value);
            j.WriteEndObject();
            j.WriteStartArray("balances");
            foreach (var b in balances)
            {
                j.WriteStartObject();
                j.WriteNumber("asset", b.Asset.Value);
                j.WriteNumber("amount", b.Balance);
                j.WriteEndObject();
            }

            j.WriteEndArray();
            Json.Pool(j, "cross", figures.Cross);
            j.WriteStartArray("positions");
            foreach (var p in figures.Positions)
            {
                j.WriteStartObject();
                j.WriteNumber("market", p.Market.Value);
                j.WriteString("mode", p.Mode.ToString());
                j.WriteNumber("size", p.Size);
                j.WriteNumber("mark", p.MarkPrice.Units);
                j.WriteNumber("notional", p.Notional.Value);
                j.WriteNumber("unrealizedPnl", p.UnrealizedPnl.Value);
                j.WriteNumber("accruedFunding", p.AccruedFunding.Value);
                j.WriteNumber("initialRequirement", p.InitialRequirement.Value);
                j.WriteNumber("maintenanceRequirement", p.MaintenanceRequirement.Value);
                Json.Pool(j, "pool", p.Pool);
                Json.OptionalNumber(j, "liquidationPrice", p.LiquidationPrice?.Units);
                Json.OptionalNumber(j, "bankruptcyPrice", p.BankruptcyPrice?.Units);
                j.WriteEndObject();
            }

            j.WriteEndArray();
            j.WriteEndObject();
        };
    }

    private static Action<Utf8JsonWriter> Book(EngineView view, MarketId market, int levels)
    {
        var book = view.Market(market);
        var bids = book.Depth(Side.Buy, levels);
        var asks = book.Depth(Side.Sell, levels);
        var sequence = view.Sequence;
        return j =>
        {
            j.WriteStartObject();
            j.WriteNumber("sequence", sequence);
            j.WriteNumber("market", market.Value);
            Levels(j, "bids", bids);
            Levels(j, "asks", asks);
            j.WriteEndObject();
        };
    }

    private static void Levels(Utf8JsonWriter j, string name, BookLevel[] levels)
    {
        j.WriteStartArray(name);
        foreach (var level in levels)
        {
            j.WriteStartObject();
            j.WriteNumber("price", level.Price.Units);
            j.WriteNumber("size", level.Size);
            j.WriteNumber("orders", level.OrderCount);
            j.WriteEndObject();
        }

        j.WriteEndArray();
    }

    private static Action<Utf8JsonWriter> AtRisk(EngineView view, int skip, int take)
    {
        var page = view.AccountsByHealth(skip, take).ToArray();
        var total = view.AccountCount;
        return j =>
        {
            j.WriteStartObject();
            j.WriteNumber("skip", skip);
            j.WriteNumber("total", total);
            j.WriteStartArray("accounts");
            foreach (var a in page)
            {
                j.WriteStartObject();
                j.WriteNumber("account", a.Account.Value);
                Json.OptionalNumber(j, "health", a.Health?.Value);
                j.WriteString("liquidationState", a.State.ToString());
                j.WriteEndObject();
            }

            j.WriteEndArray();
            j.WriteEndObject();
        };
    }

    private static Action<Utf8JsonWriter> Auctions(EngineView view)
    {
        var lots = new List<AuctionLot>();
        view.CopyAuctionLots(lots);
        return j =>
        {
            j.WriteStartObject();
            j.WriteStartArray("lots");
            foreach (var lot in lots)
            {
                j.WriteStartObject();
                j.WriteNumber("lot", lot.Id);
                j.WriteNumber("account", lot.Account.Value);
                j.WriteNumber("market", lot.Market.Value);
                j.WriteBoolean("liquidatingLong", lot.LiquidatingLong);
                j.WriteNumber("size", lot.Size);
                j.WriteNumber("start", lot.Start.Units);
                j.WriteNumber("end", lot.End.Units);
                j.WriteNumber("startMs", lot.StartMs);
                j.WriteNumber("resets", lot.Resets);
                j.WriteNumber("notional", lot.Notional.Value);
                j.WriteEndObject();
            }

            j.WriteEndArray();
            j.WriteEndObject();
        };
    }

    private static Action<Utf8JsonWriter> Funds(EngineView view)
    {
        var balances = view.InsuranceFunds().ToArray();
        var holdings = view.FundHoldings().ToArray();
        return j =>
        {
            j.WriteStartObject();
            j.WriteStartArray("funds");
            foreach (var f in balances)
            {
                j.WriteStartObject();
                j.WriteNumber("fund", f.Fund.Value);
                j.WriteNumber("balance", f.Balance.Value);
                j.WriteStartArray("holdings");
                foreach (var h in holdings.Where(h => h.Fund == f.Fund))
                {
                    j.WriteStartObject();
                    j.WriteNumber("market", h.Market.Value);
                    j.WriteNumber("size", h.Size);
                    j.WriteNumber("cost", h.Cost.Value);
                    j.WriteEndObject();
                }

                j.WriteEndArray();
                j.WriteEndObject();
            }

            j.WriteEndArray();
            j.WriteEndObject();
        };
    }
}
