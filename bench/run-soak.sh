#!/usr/bin/env bash
# The long form of the fault soak: two processor processes on a 3-broker embedded cluster with a broker outage,
# produce errors, a SIGKILL + restart and 503-answering webhook receivers; every status must be delivered or
# dead-lettered as planned. Bounded by --minutes of feed plus at most 90 s to settle.
#   bench/run-soak.sh [--minutes 10] [--rate 100]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dotnet build "$root/src/StatusStream" -c Release -nologo -v q >/dev/null
dotnet build "$root/bench/StatusStream.Benchmarks" -c Release -nologo -v q >/dev/null
exec "$root/bench/StatusStream.Benchmarks/bin/Release/net10.0/linux-x64/StatusStream.Benchmarks" soak "$@"
