using System.Text;
using System.Text.Json;
using MarginCall.Core.Model;
using MarginCall.Core.Numbers;
using MarginCall.Core.Risk;

namespace MarginCall.Cli.Inspect;

/// <summary>
/// Writes every figure of every account of an <see cref="InspectDocument"/> as JSON (schema in docs/inspect.md):
/// money in quote units, prices in the market's price decimals and ratios with six decimals, all as exact decimal
/// strings; null where a figure does not exist.
/// </summary>
internal static class InspectReport
{
    private static readonly JsonWriterOptions Options = new() { Indented = true };

    /// <summary>The report as UTF-8 JSON text; throws <see cref="InspectInputException"/> when a figure overflows.</summary>
    public static string Write(InspectDocument document)
    {
        var figures = new List<AccountFigures>(document.Accounts.Count);
        for (var i = 0; i < document.Accounts.Count; i++)
        {
            try
            {
                figures.Add(AccountFigures.Of(document.Venue, document.Prices, document.Accounts[i]));
            }
            catch (OverflowException)
            {
                throw new InspectInputException($"accounts[{i}]", "a figure does not fit in 64-bit quote quantums");
            }
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("quote", document.Venue.Quote.Symbol);
            writer.WriteStartArray("accounts");
            for (var i = 0; i < figures.Count; i++)
            {
                WriteAccount(writer, document, document.Accounts[i], figures[i]);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteAccount(Utf8JsonWriter writer, InspectDocument document, Account account, AccountFigures figures)
    {
        var venue = document.Venue;
        writer.WriteStartObject();
        writer.WriteNumber("id", account.Id.Value);
        writer.WriteString("owner", account.Owner);
        writer.WritePropertyName("cross");
        WritePool(writer, venue, figures.Cross);
        writer.WriteStartArray("positions");
        foreach (var position in figures.Positions)
        {
            var market = venue.Market(position.Market);
            writer.WriteStartObject();
            writer.WriteString("market", market.Symbol);
            writer.WriteString("mode", position.Mode == MarginMode.Cross ? "cross" : "isolated");
            writer.WriteString("size", DecimalText.Format(position.Size, market.SizeDecimals));
            writer.WriteString("markPrice", DecimalText.Format(position.MarkPrice.Units, market.PriceDecimals));
            Money(writer, venue, "notional", position.Notional);
            Money(writer, venue, "unrealizedPnl", position.UnrealizedPnl);
            Money(writer, venue, "accruedFunding", position.AccruedFunding);
            Money(writer, venue, "initialRequirement", position.InitialRequirement);
            Money(writer, venue, "maintenanceRequirement", position.MaintenanceRequirement);
            writer.WritePropertyName("pool");
            WritePool(writer, venue, position.Pool);
            PriceOrNull(writer, market, "liquidationPrice", position.LiquidationPrice);
            PriceOrNull(writer, market, "bankruptcyPrice", position.BankruptcyPrice);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WritePool(Utf8JsonWriter writer, Venue venue, MarginFigures pool)
    {
        writer.WriteStartObject();
        Money(writer, venue, "equity", pool.Equity);
        Money(writer, venue, "initialRequirement", pool.InitialRequirement);
        Money(writer, venue, "maintenanceRequirement", pool.MaintenanceRequirement);
        Money(writer, venue, "freeCollateral", pool.FreeCollateral);
        Money(writer, venue, "maintenanceExcess", pool.MaintenanceExcess);
        Money(writer, venue, "notional", pool.Notional);
        RatioOrNull(writer, "health", pool.Health);
        RatioOrNull(writer, "leverage", pool.Leverage);
        writer.WriteBoolean("belowMaintenance", pool.IsBelowMaintenance);
        writer.WriteBoolean("bankrupt", pool.IsBankrupt);
        writer.WriteEndObject();
    }

    private static void Money(Utf8JsonWriter writer, Venue venue, string name, Quantums amount) =>
        writer.WriteString(name, DecimalText.Format(amount.Value, venue.Quote.Decimals));

    private static void RatioOrNull(Utf8JsonWriter writer, string name, Ppm? ratio)
    {
        if (ratio is { } r)
        {
            writer.WriteString(name, DecimalText.Format(r.Value, 6));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void PriceOrNull(Utf8JsonWriter writer, PerpetualMarket market, string name, Price? price)
    {
        if (price is { } p)
        {
            writer.WriteString(name, DecimalText.Format(p.Units, market.PriceDecimals));
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
