#!/usr/bin/env bash
# The processor against same-shape baselines on the embedded cluster, alternately, in one run (Release):
# Kafka callbacks vs a plain Confluent.Kafka loop (and a Streamiz topology with --streamiz), then webhooks vs a
# plain HttpClient loop. Bounded: every round stops on its count or its time limit.
#   bench/run-compare.sh [--brokers 1] [--recipients 3] [--events 200000] [--max-ahead 20000] [--rounds 3]
#                        [--seconds 120] [--warmup 20000] [--webhook-deliveries 30000] [--webhook-concurrency 8] [--kafka-only | --webhooks-only]
#                        [--streamiz] [--sides both|processor|baseline] [--set Section:Key=Value]...
# Latency at a fixed rate instead (Kafka sides; consumers get fetch.wait.max.ms 10 unless --set otherwise):
#   bench/run-compare.sh --rate 500,2000 | --load 0.25,0.5 [--rate-seconds 10] [--rounds 3] [--streamiz]
# Marginal process CPU per status between two run sizes (start-up and per-round costs left out):
#   bench/run-compare.sh --marginal 20000,100000 [--rounds 3] [--streamiz]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dotnet build "$root/bench/StatusStream.Benchmarks" -c Release -nologo -v q >/dev/null
# The GC budget the app ships with (Dockerfile, ./statusstream); every side shares this process and so the setting.
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}"
exec "$root/bench/StatusStream.Benchmarks/bin/Release/net10.0/linux-x64/StatusStream.Benchmarks" compare "$@"
