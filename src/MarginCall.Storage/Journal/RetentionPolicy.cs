namespace MarginCall.Storage.Journal;

/// <summary>What happens to journal segments wholly covered by the latest snapshot.</summary>
public enum RetentionPolicy
{
    /// <summary>Keep every segment (full replay from genesis stays possible). The default.</summary>
    Keep = 0,
    /// <summary>Move covered segments to the <c>archive/</c> subdirectory.</summary>
    Archive = 1,
    /// <summary>Delete covered segments.</summary>
    Delete = 2,
}
