namespace MarginCall.LoadTest;

/// <summary>One run of the load against one service: warm-up, then the chosen phases in order.</summary>
internal static class LoadRun
{
    public static async Task<LoadReport> RunAsync(LoadService service, LoadOptions options, TextWriter progress)
    {
        var duration = TimeSpan.FromSeconds(options.Seconds);
        using var client = new LoadClient(service.Address, service.FeederSecret);
        var bulk = new LoadBodies(options.Accounts, options.Batch);
        var phases = new List<PhaseResult>();
        if (options.WarmupSeconds > 0)
        {
            progress.WriteLine($"warm-up: {options.WarmupSeconds} s");
            // Counted in the report (its commands are in the journal too) but not a target figure.
            phases.Add(await LoadPhases.ClosedAsync("warm-up", service, client, bulk, options.Writers, TimeSpan.FromSeconds(options.WarmupSeconds)));
        }

        LatencySummary? fromDue = null;
        double? slowdown = null;
        foreach (var name in options.Phases)
        {
            progress.WriteLine($"phase {name}: {options.Seconds} s{(name == "fanout" ? $" x 2 x {options.Rounds} rounds" : "")}");
            switch (name)
            {
                case "host":
                    phases.Add(await LoadPhases.HostAsync(service, options.Accounts, options.Writers, options.Batch, duration));
                    break;
                case "throughput":
                    phases.Add(await LoadPhases.ClosedAsync("throughput", service, client, bulk, options.Writers, duration));
                    break;
                case "latency":
                    var (phase, due) = await LoadPhases.OpenAsync(service, client, new LoadBodies(options.Accounts, options.RateBatch), options.Rate, duration);
                    phases.Add(phase);
                    fromDue = due;
                    break;
                case "fanout":
                    var fan = await FanOut.RunAsync(service, client, bulk, options.Writers, options.Subscribers, options.Rounds, duration);
                    phases.AddRange(fan);
                    slowdown = FanOut.Slowdown(fan);
                    break;
            }
        }

        return new LoadReport(options, LoadReport.DescribeMachine(), phases, fromDue, slowdown);
    }
}
