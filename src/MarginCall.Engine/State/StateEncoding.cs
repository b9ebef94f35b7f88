using MarginCall.Core.Model;
using MarginCall.Engine.Accounts;
using MarginCall.Engine.Liquidation;
using MarginCall.Engine.Markets;
using MarginCall.Engine.OrderBook;
using MarginCall.Engine.Wire;

namespace MarginCall.Engine.State;

/// <summary>
/// The one canonical encoding of the engine state: the state hash is SHA-256 over exactly these bytes
/// (<see cref="StateHasher"/>) and a snapshot's body is exactly these bytes (<see cref="Snapshots.SnapshotFormat"/>), so
/// a snapshot that loads is the state whose hash it carries. Little-endian through <see cref="WireWriter"/>, in this order:
/// <list type="number">
/// <item>definition: the venue (<see cref="VenueEncoding"/>), the thresholds and the default parameters, field by field
/// (<see cref="EngineOptionsEncoding"/>, <see cref="LiquidationParametersEncoding"/>);</item>
/// <item>clock (ms), execution cost, bad debt, funding pool;</item>
/// <item>per market by id: mark price and funding index; then per asset by id: its price;</item>
/// <item>per market by id: parameters in force, oracle, its publish time, TWAP, basis EMA, whether it has a basis,
/// staleness, liquidation window start and notional used, then the order book (<see cref="LimitOrderBook.Write"/>);</item>
/// <item>the accounts in slot (creation) order: id, owner, spot balances (asset, amount), positions (market, mode, size,
/// quote balance, isolated margin, last funding index), then the liquidation bookkeeping (state, liquidation start,
/// window start, window notional);</item>
/// <item>insurance funds by fund id, keeper rewards by keeper (ordinal), the liquidation ledger
/// (<see cref="LiquidationLedger.Write"/>).</item>
/// </list>
/// Lists are a count (<see cref="WireWriter.WriteLength"/>) and their items. Left out: the sequence number (a refused
/// command must leave the hash as it was; the snapshot header carries it) and everything derived — the candidate index,
/// the set of accounts in liquidation, the books' level and owner totals, the id → slot map — which
/// <see cref="Read"/> rebuilds. Also left out is the detector choice, so the index and the full scan hash equal.
/// </summary>
internal static class StateEncoding
{
    /// <summary>Writes the state.</summary>
    public static void Write(in WireWriter w, EngineState state)
    {
        VenueEncoding.Write(w, state.Venue);
        EngineOptionsEncoding.WriteThresholds(w, state.Thresholds);
        LiquidationParametersEncoding.Write(w, state.DefaultParameters);

        w.WriteInt64(state.Now);
        w.WriteQuantums(state.ExecutionCost);
        w.WriteInt64(state.BadDebt);
        w.WriteInt64(state.FundingPool);

        foreach (var market in state.Venue.Markets)
        {
            w.WritePrice(state.Marks.Market(market.Id));
            w.WriteInt64(state.Marks.FundingIndex(market.Id));
        }

        foreach (var asset in state.Venue.Assets)
        {
            w.WritePrice(state.Marks.Asset(asset.Id));
        }

        foreach (var market in state.Markets)
        {
            WriteMarket(w, market);
        }

        w.WriteLength(state.Accounts.Count);
        for (var slot = 0; slot < state.Accounts.Count; slot++)
        {
            WriteAccount(w, state.Accounts[slot], state.Accounts.Risk(slot));
        }

        w.WriteLength(state.InsuranceFunds.Count);
        foreach (var (fund, balance) in state.InsuranceFunds)
        {
            w.WriteInt32(fund);
            w.WriteInt64(balance);
        }

        w.WriteLength(state.KeeperRewards.Count);
        foreach (var (keeper, reward) in state.KeeperRewards)
        {
            w.WriteString(keeper);
            w.WriteInt64(reward);
        }

        state.Liquidations.Write(w);
    }

    /// <summary>
    /// Reads a state written by <see cref="Write"/> and rebuilds its derived parts (the id → slot map and the set of accounts
    /// in liquidation; the engine rebuilds its detector). Malformed input throws a <see cref="WireFormatException"/> naming
    /// the field; input that decodes but is not in canonical form (unsorted keys the model re-sorts, a zero balance the model
    /// drops) is caught by the snapshot reader, which re-encodes the result and compares.
    /// </summary>
    public static EngineState Read(ref WireReader r)
    {
        var venue = VenueEncoding.Read(ref r);
        var thresholds = EngineOptionsEncoding.ReadThresholds(ref r);
        var defaults = LiquidationParametersEncoding.Read(ref r);
        var at = r.Position;
        var problem = thresholds.Validate() ?? defaults.Validate();
        if (problem is not null)
        {
            throw new WireFormatException("options", at, problem);
        }

        var state = new EngineState(venue, thresholds, defaults)
        {
            Now = r.ReadInt64("now"),
            ExecutionCost = r.ReadQuantums("executionCost"),
            BadDebt = r.ReadInt64("badDebt"),
            FundingPool = r.ReadInt64("fundingPool"),
        };

        foreach (var market in venue.Markets)
        {
            state.Marks.RestoreMarket(market.Id, r.ReadPrice($"marks[{market.Id.Value}].price").Units);
            state.Marks.SetFundingIndex(market.Id, r.ReadInt64($"marks[{market.Id.Value}].fundingIndex"));
        }

        foreach (var asset in venue.Assets)
        {
            var field = $"assetPrices[{asset.Id.Value}]";
            at = r.Position;
            var price = r.ReadPrice(field);
            if (asset.Id == venue.Quote.Id ? price != state.Marks.Asset(asset.Id) : price.Units < 0)
            {
                throw new WireFormatException(field, at, $"price {price.Units} (the quote asset is pinned at one; others are ≥ 0)");
            }

            state.Marks.RestoreAsset(asset.Id, price.Units);
        }

        for (var i = 0; i < state.Markets.Length; i++)
        {
            state.Markets[i] = ReadMarket(ref r, venue.Markets[i], $"markets[{i}]");
        }

        var accounts = r.ReadLength("accounts", r.Remaining);
        for (var slot = 0; slot < accounts; slot++)
        {
            try
            {
                ReadAccount(ref r, state, slot);
            }
            catch (WireFormatException e)
            {
                throw e.Under($"accounts[{slot}]");
            }
        }

        var funds = r.ReadLength("insuranceFunds", r.Remaining);
        for (var i = 0; i < funds; i++)
        {
            at = r.Position;
            var fund = r.ReadInt32($"insuranceFunds[{i}].fund");
            var balance = r.ReadInt64($"insuranceFunds[{i}].balance");
            if (!state.InsuranceFunds.TryAdd(fund, balance))
            {
                throw new WireFormatException($"insuranceFunds[{i}].fund", at, $"fund {fund} repeated");
            }
        }

        var keepers = r.ReadLength("keeperRewards", r.Remaining);
        for (var i = 0; i < keepers; i++)
        {
            at = r.Position;
            var keeper = r.ReadString($"keeperRewards[{i}].keeper");
            var reward = r.ReadInt64($"keeperRewards[{i}].reward");
            if (!state.KeeperRewards.TryAdd(keeper, reward))
            {
                throw new WireFormatException($"keeperRewards[{i}].keeper", at, $"keeper {keeper} repeated");
            }
        }

        state.Liquidations = LiquidationLedger.Read(ref r);
        return state;
    }

    private static void WriteMarket(in WireWriter w, MarketState market)
    {
        LiquidationParametersEncoding.Write(w, market.Parameters);
        w.WritePrice(market.Oracle);
        w.WriteInt64(market.OraclePublishTimeMs);
        w.WriteInt64(market.Twap);
        w.WriteInt64(market.BasisEma);
        w.WriteBoolean(market.HasBasis);
        w.WriteBoolean(market.IsStale);
        w.WriteByte((byte)market.Status);
        w.WriteInt64(market.WindowStartMs);
        w.WriteQuantums(market.WindowLiquidatedNotional);
        market.Book.Write(w);
    }

    private static MarketState ReadMarket(ref WireReader r, PerpetualMarket definition, string path)
    {
        var at = r.Position;
        var parameters = LiquidationParametersEncoding.Read(ref r);
        if (parameters.Validate() is { } problem)
        {
            throw new WireFormatException(path + ".parameters", at, problem);
        }

        var oracle = r.ReadPrice(path + ".oracle");
        var publishTime = r.ReadInt64(path + ".oraclePublishTimeMs");
        var twap = r.ReadInt64(path + ".twap");
        var basis = r.ReadInt64(path + ".basisEma");
        var hasBasis = r.ReadBoolean(path + ".hasBasis");
        var isStale = r.ReadBoolean(path + ".isStale");
        var status = r.ReadEnum<MarketStatus>(path + ".status");
        var windowStart = r.ReadInt64(path + ".windowStartMs");
        var windowNotional = r.ReadQuantums(path + ".windowLiquidatedNotional");
        var book = LimitOrderBook.Read(ref r, definition.Id, path + ".book");
        return new MarketState(definition, parameters, book)
        {
            Oracle = oracle,
            OraclePublishTimeMs = publishTime,
            Twap = twap,
            BasisEma = basis,
            HasBasis = hasBasis,
            IsStale = isStale,
            Status = status,
            WindowStartMs = windowStart,
            WindowLiquidatedNotional = windowNotional,
        };
    }

    private static void WriteAccount(in WireWriter w, Account account, in AccountRisk risk)
    {
        w.WriteAccountId(account.Id);
        w.WriteString(account.Owner);
        var spots = account.SpotBalances;
        w.WriteLength(spots.Length);
        foreach (var spot in spots)
        {
            w.WriteAssetId(spot.Asset);
            w.WriteInt64(spot.Balance);
        }

        var positions = account.Positions;
        w.WriteLength(positions.Length);
        foreach (var p in positions)
        {
            w.WriteMarketId(p.Market);
            w.WriteByte((byte)p.Mode);
            w.WriteInt64(p.Size);
            w.WriteInt64(p.QuoteBalance);
            w.WriteInt64(p.IsolatedMargin);
            w.WriteInt64(p.LastFundingIndex);
        }

        w.WriteByte((byte)risk.State);
        w.WriteInt64(risk.LiquidationStartMs);
        w.WriteInt64(risk.WindowStartMs);
        w.WriteInt64(risk.WindowNotional);
    }

    // Field names relative to the account (the caller prefixes the slot when one fails; see WirePath).
    private static void ReadAccount(ref WireReader r, EngineState state, int slot)
    {
        var at = r.Position;
        var id = r.ReadAccountId("id");
        var owner = r.ReadString("owner");
        var spots = new SpotBalance[r.ReadLength("spotBalances", state.Venue.Assets.Count)];
        for (var i = 0; i < spots.Length; i++)
        {
            try
            {
                var asset = ReadKnown(ref r, "asset", state.Venue.Assets.Count);
                spots[i] = new SpotBalance(new AssetId(asset), r.ReadInt64("balance"));
            }
            catch (WireFormatException e)
            {
                throw e.Under($"spotBalances[{i}]");
            }
        }

        var positions = new PerpPosition[r.ReadLength("positions", state.Venue.Markets.Count)];
        for (var i = 0; i < positions.Length; i++)
        {
            try
            {
                positions[i] = ReadPosition(ref r, state.Venue.Markets.Count);
            }
            catch (WireFormatException e)
            {
                throw e.Under($"positions[{i}]");
            }
        }

        var risk = new AccountRisk
        {
            State = r.ReadEnum<LiquidationState>("state"),
            LiquidationStartMs = r.ReadInt64("liquidationStartMs"),
            WindowStartMs = r.ReadInt64("windowStartMs"),
            WindowNotional = r.ReadInt64("windowNotional"),
        };

        try
        {
            state.Accounts.Add(new Account(id, owner, spots, positions));
        }
        catch (Exception e) when (e is ModelValidationException or ArgumentException)
        {
            throw new WireFormatException("", at, e.Message, e);
        }

        state.Accounts.Risk(slot) = risk;
        if (risk.State >= LiquidationState.Liquidatable)
        {
            state.InLiquidation.Add(slot); // derived: the engine keeps exactly these slots in the set
        }
    }

    private static PerpPosition ReadPosition(ref WireReader r, int markets)
    {
        var market = ReadKnown(ref r, "market", markets);
        var mode = r.ReadEnum<MarginMode>("mode");
        var sizeAt = r.Position;
        var size = r.ReadInt64("size");
        if (size == 0)
        {
            throw new WireFormatException("size", sizeAt, "an open position has a non-zero size (the engine closes one at zero)");
        }

        return new PerpPosition(new MarketId(market), mode, size, r.ReadInt64("quoteBalance"), r.ReadInt64("isolatedMargin"), r.ReadInt64("lastFundingIndex"));
    }

    private static int ReadKnown(ref WireReader r, string field, int count)
    {
        var at = r.Position;
        var id = r.ReadInt32(field);
        if (id < 0 || id >= count)
        {
            throw new WireFormatException(field, at, $"id {id} is not in the venue (0 .. {count - 1})");
        }

        return id;
    }
}
