using MarginCall.Engine.Wire;

namespace MarginCall.Engine.State;

/// <summary>
/// Field paths of decoding errors, built only when one is thrown: readers of many items (accounts, orders, ledger
/// entries) name fields relative to the item and a catch prefixes the item (<c>accounts[3]</c> + <c>positions[0].size</c>),
/// so a snapshot of a million accounts does not format a million paths to load.
/// </summary>
internal static class WirePath
{
    /// <summary>The same error with <paramref name="prefix"/> in front of its field.</summary>
    public static WireFormatException Under(this WireFormatException e, string prefix) =>
        new(e.Field.Length == 0 ? prefix : e.Field[0] == '[' ? prefix + e.Field : prefix + "." + e.Field, e.Offset, Detail(e), e);

    /// <summary>The error's message without the field and offset it repeats ("field: detail (at byte n)").</summary>
    public static string Detail(WireFormatException e)
    {
        var message = e.Message;
        if (message.StartsWith(e.Field + ": ", StringComparison.Ordinal))
        {
            message = message[(e.Field.Length + 2)..];
        }

        var offset = message.LastIndexOf(" (at byte ", StringComparison.Ordinal);
        return offset >= 0 ? message[..offset] : message;
    }
}
