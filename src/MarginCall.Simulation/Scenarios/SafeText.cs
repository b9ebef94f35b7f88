using System.Globalization;
using System.Text;

namespace MarginCall.Simulation.Scenarios;

/// <summary>
/// Input quoted back in an error message: control characters (a newline, an ESC sequence that would clear the
/// terminal) escaped as <c>\n</c> or <c>\u001b</c>, and long values cut, so a refusal is always one short line.
/// </summary>
public static class SafeText
{
    /// <summary>Longest quoted value, characters, before it is cut.</summary>
    public const int MaxLength = 60;

    /// <summary><paramref name="text"/> in single quotes, escaped and cut to <see cref="MaxLength"/>.</summary>
    public static string Quote(string? text) => "'" + Escape(text) + "'";

    /// <summary><paramref name="text"/> escaped and cut, without quotes.</summary>
    public static string Escape(string? text, int maxLength = MaxLength)
    {
        if (text is null)
        {
            return "";
        }

        var builder = new StringBuilder();
        var shown = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (shown == maxLength)
            {
                builder.Append(CultureInfo.InvariantCulture, $"… ({text.Length} chars)");
                break;
            }

            var c = rune.Value;
            switch (c)
            {
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (Rune.IsControl(rune) || c is 0x2028 or 0x2029 || Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format)
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{c:x4}");
                    }
                    else
                    {
                        builder.Append(rune.ToString());
                    }

                    break;
            }

            shown++;
        }

        return builder.ToString();
    }

    /// <summary>A whole message made safe for one terminal line: every control character escaped, the length capped.</summary>
    public static string Line(string message, int maxLength = 400) => Escape(message, maxLength);
}
