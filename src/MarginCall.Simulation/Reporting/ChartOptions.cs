using System.Text.Json.Nodes;

namespace MarginCall.Simulation.Reporting;

/// <summary>One data series of a chart.</summary>
/// <param name="Name">Legend label.</param>
/// <param name="Type">ECharts series type: <c>line</c>, <c>bar</c> or <c>scatter</c>.</param>
/// <param name="Color">CSS colour.</param>
/// <param name="Points">(x, y) points; for scatter an optional third value sizes the marker.</param>
/// <param name="Stack">Stack name for stacked bars (null: not stacked).</param>
internal sealed record ChartSeries(string Name, string Type, string Color, IReadOnlyList<double[]> Points, string? Stack = null);

/// <summary>The time axis of a run's charts: UTC calendar time for a dated replay, elapsed time otherwise.</summary>
/// <param name="Dated">Whether x values are Unix milliseconds (an ECharts time axis in UTC).</param>
/// <param name="Values">x of each timeline row.</param>
/// <param name="Name">Axis title with its unit.</param>
internal sealed record TimeAxis(bool Dated, double[] Values, string Name)
{
    /// <summary>The axis for rows at <paramref name="seconds"/> since start; dated when <paramref name="start"/> is known.</summary>
    public static TimeAxis Of(IReadOnlyList<double> seconds, DateTimeOffset? start)
    {
        if (start is { } s)
        {
            var origin = s.ToUnixTimeMilliseconds();
            return new TimeAxis(true, [.. seconds.Select(t => origin + (t * 1000))], "time (UTC)");
        }

        var end = seconds.Count == 0 ? 0 : seconds[^1];
        return end >= 3 * 3600
            ? new TimeAxis(false, [.. seconds.Select(t => t / 3600)], "hours since start")
            : new TimeAxis(false, [.. seconds.Select(t => t / 60)], "minutes since start");
    }
}

/// <summary>ECharts option objects for the reports (see <see cref="ReportPage.Chart"/>).</summary>
internal static class ChartOptions
{
    /// <summary>Series of the timeline against <paramref name="x"/>, with zoom, hover and a named y axis.</summary>
    /// <param name="x">The time axis.</param>
    /// <param name="yName">y axis title with its unit.</param>
    /// <param name="series">Series.</param>
    /// <param name="scale">Fit y to the data instead of starting at zero (prices).</param>
    public static JsonObject OverTime(TimeAxis x, string yName, IEnumerable<ChartSeries> series, bool scale = false)
    {
        var xAxis = new JsonObject
        {
            ["type"] = x.Dated ? "time" : "value",
            ["name"] = x.Name,
            ["nameLocation"] = "middle",
            ["nameGap"] = 26,
            ["min"] = x.Values.Length > 0 ? x.Values[0] : 0,
            ["max"] = x.Values.Length > 0 ? x.Values[^1] : 1,
        };
        if (!x.Dated)
        {
            xAxis["axisLabel"] = new JsonObject { ["formatter"] = "compact" };
        }

        return Base(xAxis, ValueAxis(yName, scale), series, zoom: true, axisTooltip: true);
    }

    /// <summary>A value y axis titled <paramref name="name"/>, compact labels, round ticks (ECharts' nice intervals).</summary>
    public static JsonObject ValueAxis(string name, bool scale = false, string formatter = "compact") => new()
    {
        ["type"] = "value",
        ["name"] = name,
        ["nameLocation"] = "end",
        ["nameTextStyle"] = new JsonObject { ["align"] = "left" },
        ["scale"] = scale,
        ["axisLabel"] = new JsonObject { ["formatter"] = formatter },
    };

    /// <summary>The common frame: legend, tooltip, grid that keeps labels inside, optional zoom.</summary>
    public static JsonObject Base(JsonObject xAxis, JsonObject yAxis, IEnumerable<ChartSeries> series, bool zoom, bool axisTooltip)
    {
        var list = new JsonArray();
        foreach (var s in series)
        {
            list.Add(Series(s));
        }

        var option = new JsonObject
        {
            ["useUTC"] = true,
            ["animation"] = false,
            ["legend"] = new JsonObject { ["top"] = 0, ["right"] = 10, ["type"] = "scroll" },
            ["tooltip"] = new JsonObject { ["trigger"] = axisTooltip ? "axis" : "item", ["valueFormatter"] = "full", ["confine"] = true },
            ["grid"] = new JsonObject { ["left"] = 16, ["right"] = 28, ["top"] = 48, ["bottom"] = zoom ? 74 : 36, ["containLabel"] = true },
            ["xAxis"] = xAxis,
            ["yAxis"] = yAxis,
            ["series"] = list,
        };
        if (zoom)
        {
            option["dataZoom"] = new JsonArray(
                new JsonObject { ["type"] = "inside", ["xAxisIndex"] = 0 },
                new JsonObject { ["type"] = "slider", ["xAxisIndex"] = 0, ["bottom"] = 6, ["height"] = 18 });
        }

        return option;
    }

    private static JsonObject Series(ChartSeries s)
    {
        var data = new JsonArray();
        foreach (var p in s.Points)
        {
            if (s.Type == "scatter" && p.Length > 2)
            {
                data.Add(new JsonObject { ["value"] = new JsonArray(p[0], p[1], p[2]), ["symbolSize"] = p.Length > 3 ? p[3] : 6 });
            }
            else
            {
                data.Add(new JsonArray(p[0], p[1]));
            }
        }

        var series = new JsonObject
        {
            ["name"] = s.Name,
            ["type"] = s.Type,
            ["data"] = data,
            ["itemStyle"] = new JsonObject { ["color"] = s.Color },
        };
        if (s.Type == "line")
        {
            series["showSymbol"] = false;
            series["sampling"] = "lttb";
            series["lineStyle"] = new JsonObject { ["width"] = 1.5, ["color"] = s.Color };
        }

        if (s.Stack is not null)
        {
            series["stack"] = s.Stack;
        }

        if (s.Type == "bar")
        {
            series["barMaxWidth"] = 12;
            series["large"] = true;
        }

        if (s.Type == "scatter")
        {
            series["itemStyle"] = new JsonObject { ["color"] = s.Color, ["opacity"] = 0.55, ["borderColor"] = "#7a0000", ["borderWidth"] = 0.5 };
        }

        return series;
    }
}
