namespace MarginCall.Simulation.Prices;

/// <summary>
/// A simulated value (a price the process drew, an amount the population or the book sized) that is not finite or does
/// not fit the ledger's 64-bit units. The scenario checks refuse the parameters that lead here before a run; a run can
/// still drift there (a high volatility over a long run), and the CLI reports it as refused input, naming the price
/// process.
/// </summary>
public sealed class LedgerRangeException(string parameter, double value, string message)
    : ArgumentOutOfRangeException(parameter, value, message);
