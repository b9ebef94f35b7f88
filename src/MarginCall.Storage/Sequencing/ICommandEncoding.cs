using MarginCall.Engine.Commands;

namespace MarginCall.Storage.Sequencing;

/// <summary>How commands become journal payloads and back: the engine's binary command codec (docs/sequencer.md).</summary>
public interface ICommandEncoding
{
    /// <summary>The command's bytes.</summary>
    byte[] Encode(Command command);

    /// <summary>The command the bytes encode.</summary>
    Command Decode(ReadOnlySpan<byte> payload);
}
