namespace MarginCall.Simulation.Prices;

/// <summary>
/// One exchange candlestick (kline) as exchanges publish them: the interval's open time and its open, high, low and
/// close trade prices (whole quote units per whole base unit), with the volume traded in it.
/// </summary>
/// <param name="OpenSeconds">When the interval opens, seconds since the first kline of the file.</param>
/// <param name="Open">First trade price.</param>
/// <param name="High">Highest trade price.</param>
/// <param name="Low">Lowest trade price.</param>
/// <param name="Close">Last trade price.</param>
/// <param name="QuoteVolume">Quote value traded in the interval, whole quote units (0 when the file has no volume).</param>
public readonly record struct Kline(double OpenSeconds, double Open, double High, double Low, double Close, double QuoteVolume);
