#!/usr/bin/env bash
# Cold start: `statusstream run` as its own process against an embedded cluster, from process start to the first
# callback delivered, and the process CPU until then; a plain and a ReadyToRun publish in alternate rounds.
#   bench/run-coldstart.sh [--rounds 6] [--set Section:Key=Value]...
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet build "$root/bench/StatusStream.Benchmarks" -c Release -nologo -v q >/dev/null
dotnet publish "$root/src/StatusStream/StatusStream.csproj" -c Release -nologo -v q -p:UseAppHost=false -o "$out/plain" >/dev/null
dotnet publish "$root/src/StatusStream/StatusStream.csproj" -c Release -nologo -v q -p:UseAppHost=false -p:PublishReadyToRun=true -o "$out/readytorun" >/dev/null
"$root/bench/StatusStream.Benchmarks/bin/Release/net10.0/linux-x64/StatusStream.Benchmarks" coldstart \
  --app "$out/plain/StatusStream.dll" --app "$out/readytorun/StatusStream.dll" "$@"
