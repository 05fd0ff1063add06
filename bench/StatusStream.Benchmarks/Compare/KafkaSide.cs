namespace StatusStream.Benchmarks.Compare;

/// <summary>The sides of the Kafka comparisons; each runs on the same embedded cluster, one at a time.</summary>
internal enum KafkaSide
{
    /// <summary>The real processor (its own host, default settings).</summary>
    Processor,

    /// <summary>The same-shape plain Confluent.Kafka loop (<see cref="BaselineLoop"/>).</summary>
    Baseline,

    /// <summary>A Streamiz (Kafka Streams for .NET) topology doing the same fan-out (<see cref="StreamizFanOut"/>).</summary>
    Streamiz,
}
