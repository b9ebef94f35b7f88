using MarginCall.Hosting;
using MarginCall.Hosting.Events;
using Microsoft.AspNetCore.Http;

namespace MarginCall.Server;

/// <summary>RFC 9457 problem details; an input problem names the <c>field</c> at fault.</summary>
internal static class Problems
{
    public static IResult Field(int status, string field, string detail, IDictionary<string, object?>? more = null)
    {
        var extensions = new Dictionary<string, object?>(more ?? new Dictionary<string, object?>()) { ["field"] = field };
        return Results.Problem(detail: detail, statusCode: status, extensions: extensions);
    }

    public static IResult Busy(HostBusyException e, HttpContext context, IDictionary<string, object?>? more = null)
    {
        context.Response.Headers.RetryAfter = ((int)HostBusyException.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(detail: e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Engine busy", extensions: more);
    }

    public static IResult Stopped(HostStoppedException e) =>
        Results.Problem(detail: e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Engine stopped");

    /// <summary>Input quoted safely into a message: control characters escaped, at most 40 characters.</summary>
    public static string Quote(string input)
    {
        var text = new System.Text.StringBuilder();
        foreach (var c in input.Length > 40 ? input[..40] : input) text.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c);
        return input.Length > 40 ? text + "…" : text.ToString();
    }

    public static IResult NotRetained(EventsNotRetainedException e) =>
        Field(StatusCodes.Status410Gone, "after", e.Message, new Dictionary<string, object?> { ["earliestResumableAfter"] = e.EarliestResumableAfter });
}

/// <summary>Query-string parameters, each validated with its name in the error.</summary>
internal static class Query
{
    public static long? Long(HttpRequest request, string name, long fallback, long min, long max)
    {
        var values = request.Query[name];
        if (values.Count == 0) return fallback;
        if (values.Count > 1) return null;
        return long.TryParse(values[0], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= min && v <= max ? v : null;
    }

    public static int? Int(HttpRequest request, string name, int fallback, int min, int max) => Long(request, name, fallback, min, max) is { } v ? (int)v : null;

    public static IResult Invalid(HttpRequest request, string name, string expected) =>
        Problems.Field(StatusCodes.Status400BadRequest, name, $"query parameter '{name}' must be {expected}, once");
}
