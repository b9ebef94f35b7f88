using System.CommandLine;
using System.Globalization;

namespace MarginCall.Cli.Terminal;

/// <summary>
/// The options every command shares, built one way: <c>-o/--output</c>, <c>--allow-large</c>, <c>--check</c>, and
/// integer options whose parse errors name the option and the accepted range (never a CLR type name). Defaults are
/// given by <c>DefaultValueFactory</c> so that help prints them as <c>[default: …]</c>.
/// </summary>
internal static class CliOptions
{
    /// <summary><c>-o/--output</c>: the output folder (or file), with its default shown in help.</summary>
    public static Option<string> Output(string description, string defaultText) => new("--output", "-o")
    {
        Description = description,
        HelpName = "path",
        DefaultValueFactory = _ => defaultText,
    };

    /// <summary><c>--allow-large</c>: lifts the run-size limits to their hard ceilings.</summary>
    public static Option<bool> AllowLarge() => new("--allow-large")
    {
        Description = "Accept runs beyond the default size limits (steps, accounts, sweep runs), up to the hard ceilings",
    };

    /// <summary><c>--check</c>: validate every input and the output folder, run nothing.</summary>
    public static Option<bool> Check() => new("--check")
    {
        Description = "Only validate the inputs and the output folder (exit 0 or 2); run nothing, write nothing",
    };

    /// <summary>An optional integer option within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<int?> Int(string name, string description, int min, int max) => new(name)
    {
        Description = description,
        HelpName = "n",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name}: {SafeQuote(text)} is not a whole number in {min}..{max}"));
            return null;
        },
    };

    /// <summary>An integer option with a default (shown in help) within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Option<int> Int(string name, string description, int defaultValue, int min, int max) => new(name)
    {
        Description = description,
        HelpName = "n",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name}: {SafeQuote(text)} is not a whole number in {min}..{max}"));
            return defaultValue;
        },
    };

    /// <summary>An optional unsigned 64-bit option (seeds).</summary>
    public static Option<ulong?> Seed(string description) => new("--seed")
    {
        Description = description,
        HelpName = "n",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            result.AddError($"--seed: {SafeQuote(text)} is not a whole number in 0..18446744073709551615");
            return null;
        },
    };

    private static string SafeQuote(string text) => Simulation.Scenarios.SafeText.Quote(text);
}
