#!/usr/bin/env bash
# End-to-end throughput on the embedded cluster (Release). Bounded: stops on the count or the time limit.
#   bench/run-throughput.sh [--events 200000] [--recipients 3] [--brokers 1] [--max-ahead 20000] [--seconds 120]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dotnet run --project "$root/bench/StatusStream.Benchmarks" -c Release -- throughput "$@"
