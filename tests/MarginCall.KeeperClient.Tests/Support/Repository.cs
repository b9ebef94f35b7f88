namespace MarginCall.KeeperClient.Tests.Support;

/// <summary>Paths inside the repository the tests run from.</summary>
internal static class Repository
{
    public static string Root
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "MarginCall.slnx"))) folder = folder.Parent;
            return folder?.FullName ?? throw new InvalidOperationException("not inside the repository");
        }
    }

    /// <summary>The venue the crash script is written for.</summary>
    public static string Venue => Path.Combine(Root, "scenarios", "btc-2020-03-12-binance.json");
}
