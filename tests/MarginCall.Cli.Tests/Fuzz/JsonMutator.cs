using System.Text;
using System.Text.RegularExpressions;

namespace MarginCall.Cli.Tests.Fuzz;

/// <summary>
/// Mutations of a JSON input file, as a fuzzer aimed at input handling makes them: a number, string or object replaced
/// by a hostile value (huge, non-finite, wrong type, null, control characters, a path that escapes), a field given
/// twice, bytes deleted, inserted or the text cut short. Deterministic in (text, choices) so a failure replays. Shared
/// by the in-suite properties (CsCheck drives the choices) and the out-of-suite fuzzer (tools/MarginCall.Fuzz).
/// </summary>
public static partial class JsonMutator
{
    /// <summary>Values a number, string or object is replaced with.</summary>
    public static readonly string[] Hostile =
    [
        "0", "-1", "1e300", "-1e300", "1e400", "-1e400", "1e-400", "2147483647", "2147483648", "-2147483649", "4294967296",
        "9223372036854775807", "9223372036854775808", "18446744073709551616", "0.1", "1.5", "1000000", "1e15", "1e18",
        "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "NaN", "Infinity", "null", "true", "[]", "{}", "[null]", "[1e400]",
        "\"\"", "\"x\"", "\"../../escaped\"", "\"/etc/passwd\"", "\"\\u001b[2J\\u001b[H\"", "\"a\\nb\\r\\nc\"", "\"\\u0000\"",
        "\"" + new string('z', 20_000) + "\"", "[[1,2],[3]]", "{\"kind\":\"pareto\",\"min\":1,\"alpha\":0.01}", "-0", "1E+2",
    ];

    /// <summary>Number of mutation kinds.</summary>
    public const int Kinds = 8;

    /// <summary>The mutated text: <paramref name="kind"/> picks the mutation, the others pick where and what.</summary>
    public static byte[] Mutate(string text, int kind, int where, int what)
    {
        switch (kind % Kinds)
        {
            case 0:
                return Replace(text, NumberToken(), where, Hostile[what % Hostile.Length]);
            case 1:
                return Replace(text, StringValueToken(), where, Hostile[what % Hostile.Length]);
            case 2:
            {
                // An array element or a whole array replaced.
                var arrays = ArrayValue().Matches(text);
                if (arrays.Count == 0)
                {
                    return Encoding.UTF8.GetBytes(text);
                }

                var start = arrays[where % arrays.Count].Groups["v"].Index;
                var end = Closing(text, start);
                return Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, start), Hostile[what % Hostile.Length], text.AsSpan(end + 1)));
            }
            case 3:
                // A property given twice: copy a "name": scalar pair right after itself.
                var pairs = ScalarPair().Matches(text);
                if (pairs.Count == 0)
                {
                    return Encoding.UTF8.GetBytes(text);
                }

                var pair = pairs[where % pairs.Count];
                return Encoding.UTF8.GetBytes(text.Insert(pair.Index + pair.Length, ", " + pair.Value));
            case 4:
            {
                var start = where % Math.Max(1, text.Length);
                var length = Math.Min(text.Length - start, 1 + (what % 12));
                return Encoding.UTF8.GetBytes(text.Remove(start, length));
            }

            case 5:
            {
                var bytes = Encoding.UTF8.GetBytes(text).ToList();
                bytes.Insert(where % Math.Max(1, bytes.Count), (byte)(what % 256));
                return [.. bytes];
            }

            case 6:
                return Encoding.UTF8.GetBytes(text[..(where % Math.Max(1, text.Length))]);
            default:
            {
                // An object value replaced by null (the validators once met null objects) or another hostile value.
                var objects = ObjectValue().Matches(text);
                if (objects.Count == 0)
                {
                    return Encoding.UTF8.GetBytes(text);
                }

                var start = objects[where % objects.Count].Groups["v"].Index;
                var end = Closing(text, start);
                var value = what % 2 == 0 ? "null" : Hostile[what % Hostile.Length];
                return Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, start), value, text.AsSpan(end + 1)));
            }
        }
    }

    private static byte[] Replace(string text, Regex pattern, int where, string value)
    {
        var matches = pattern.Matches(text);
        if (matches.Count == 0)
        {
            return Encoding.UTF8.GetBytes(text);
        }

        var m = matches[where % matches.Count];
        var group = m.Groups["v"].Success ? m.Groups["v"] : (Group)m;
        return Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, group.Index), value, text.AsSpan(group.Index + group.Length)));
    }

    [GeneratedRegex(@"(?<![\w.""])-?\d+(\.\d+)?([eE][+-]?\d+)?")]
    private static partial Regex NumberToken();

    [GeneratedRegex(@":\s*(?<v>""(?:[^""\\]|\\.)*"")")]
    private static partial Regex StringValueToken();

    [GeneratedRegex(@":\s*(?<v>\[)")]
    private static partial Regex ArrayValue();

    /// <summary>Index of the bracket closing the one at <paramref name="open"/> (strings skipped), or the last index.</summary>
    private static int Closing(string text, int open)
    {
        var depth = 0;
        var inString = false;
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '"')
            {
                inString = true;
            }
            else if (c is '{' or '[')
            {
                depth++;
            }
            else if (c is '}' or ']' && --depth == 0)
            {
                return i;
            }
        }

        return text.Length - 1;
    }

    [GeneratedRegex(@"""\w+""\s*:\s*(""(?:[^""\\]|\\.)*""|-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false)")]
    private static partial Regex ScalarPair();

    [GeneratedRegex(@":\s*(?<v>\{)")]
    private static partial Regex ObjectValue();
}
