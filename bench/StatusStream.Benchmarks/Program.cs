using BenchmarkDotNet.Running;
using StatusStream.Benchmarks;

// `throughput` runs the end-to-end tool on the embedded cluster; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "throughput")
{
    return await ThroughputRun.RunAsync(args[1..]);
}

// `compare` runs the processor against same-shape baselines (Kafka and webhooks), alternately, in one run.
if (args.Length > 0 && args[0] == "compare")
{
    return await StatusStream.Benchmarks.Compare.CompareCommand.RunAsync(args[1..]);
}

// `coldstart` times `statusstream run` from process start to its first callback (bench/run-coldstart.sh).
if (args.Length > 0 && args[0] == "coldstart")
{
    return await ColdStartCommand.RunAsync(args[1..]);
}

// `soak` runs the long form of the fault soak (tests/StatusStream.Tests/Soak/).
if (args.Length > 0 && args[0] == "soak")
{
    return await SoakCommand.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(ThroughputRun).Assembly).Run(args);
return 0;
