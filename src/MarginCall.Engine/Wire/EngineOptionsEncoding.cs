using MarginCall.Engine.Risk;

namespace MarginCall.Engine.Wire;

/// <summary>
/// <see cref="RiskThresholds"/> (four ppm fields: warning, expected fee rate, exit buffer, warning hysteresis) and
/// <see cref="EngineOptions"/> (thresholds, default parameters, then the detector flag), field by field.
/// </summary>
public static class EngineOptionsEncoding
{
    /// <summary>Writes the thresholds.</summary>
    public static void WriteThresholds(in WireWriter w, RiskThresholds t)
    {
        w.WritePpm(t.WarningHealth);
        w.WritePpm(t.ExpectedFeeRate);
        w.WritePpm(t.ExitBuffer);
        w.WritePpm(t.WarningHysteresis);
    }

    /// <summary>Reads thresholds (not validated: the engine validates them when it is built from them).</summary>
    public static RiskThresholds ReadThresholds(ref WireReader r) =>
        new(r.ReadPpm(nameof(RiskThresholds.WarningHealth)), r.ReadPpm(nameof(RiskThresholds.ExpectedFeeRate)), r.ReadPpm(nameof(RiskThresholds.ExitBuffer)))
        {
            WarningHysteresis = r.ReadPpm(nameof(RiskThresholds.WarningHysteresis)),
        };

    /// <summary>Writes the options.</summary>
    public static void Write(in WireWriter w, EngineOptions options)
    {
        WriteThresholds(w, options.Thresholds);
        LiquidationParametersEncoding.Write(w, options.DefaultParameters);
        w.WriteBoolean(options.UseFullScan);
    }

    /// <summary>Reads options.</summary>
    public static EngineOptions Read(ref WireReader r) => new()
    {
        Thresholds = ReadThresholds(ref r),
        DefaultParameters = LiquidationParametersEncoding.Read(ref r),
        UseFullScan = r.ReadBoolean(nameof(EngineOptions.UseFullScan)),
    };
}
