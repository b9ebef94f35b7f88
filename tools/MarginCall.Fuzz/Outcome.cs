namespace MarginCall.Fuzz;

/// <summary>How one case ended.</summary>
internal enum Outcome
{
    /// <summary>Exit 0: ran to a result.</summary>
    Accepted,

    /// <summary>Exit 2 with exactly one <c>error: </c> line, no control character, at most 700 characters.</summary>
    Refused,

    /// <summary>Exit 64: a usage error.</summary>
    Usage,

    /// <summary>Anything else: exit 1 (an internal error), another code, a malformed refusal, an escaping exception.</summary>
    Crash,

    /// <summary>Not finished within the per-case timeout.</summary>
    Hang,
}
