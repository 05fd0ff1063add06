using Confluent.Kafka;

namespace StatusStream.Kafka;

/// <summary>A <see cref="ProduceOutcome"/> for callers off the hot path that pass a delegate.</summary>
internal sealed class ActionProduceOutcome(Action<Error> done) : ProduceOutcome
{
    public override void Completed(Error error) => done(error);
}
