#!/usr/bin/env bash
# Runs the whole test suite and ends with one line: "N passed, M failed[, K skipped]".
# Integration tests use the embedded Kafka cluster; STATUSSTREAM_TEST_BOOTSTRAP=host:port runs them
# against a running cluster, STATUSSTREAM_TEST_KAFKA=container against a Kafka container (see README).
set -uo pipefail
root=$(cd "$(dirname "$0")" && pwd)
cd "$root"

summary() { echo "$1 passed, $2 failed${3:+, $3 skipped}"; }

# promtool (Debian's prometheus package) runs the alert rules' checks and unit tests (Deploy/MonitoringRulesTests).
# Only the binaries are wanted: without systemd (containers, CI) the package starts no server; where
# it did, it is stopped so nothing of it holds port 9090.
if ! command -v promtool >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  echo "installing promtool (package prometheus)..." >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus; } >/dev/null 2>&1 \
    || echo "could not install promtool: the monitoring tests will fail" >&2
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet prometheus 2>/dev/null; then
    systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
fi

# The reference parsers that check the contract documents under docs/ (tools/contracts/package.json: the npm
# packages @asyncapi/parser and @readme/openapi-parser) run on Node.js. Node from Debian where it is missing; the packages once into
# tools/contracts/node_modules, and again only when package.json changed (npm keeps its own download cache).
if ! command -v npm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  echo "installing Node.js (packages nodejs, npm)..." >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm; } >/dev/null 2>&1 \
    || echo "could not install Node.js: the contract document tests will fail" >&2
fi
contracts="$root/tools/contracts"
if command -v npm >/dev/null 2>&1 && { [ ! -d "$contracts/node_modules" ] || [ "$contracts/package.json" -nt "$contracts/node_modules" ]; }; then
  echo "installing the contract parsers (npm, tools/contracts)..." >&2
  if (cd "$contracts" && npm install --no-package-lock --no-audit --no-fund --loglevel=error) >/dev/null 2>&1; then
    touch "$contracts/node_modules"
  else
    echo "could not install the contract parsers: the contract document tests will fail" >&2
  fi
fi

if ! dotnet build StatusStream.sln -c Release -nologo -v q; then
  echo "build failed" >&2; summary 0 1; exit 1
fi

results="$root/TestResults"
rm -rf "$results"
dotnet test tests/StatusStream.Tests/StatusStream.Tests.csproj -c Release --no-build -nologo \
  --logger "trx;LogFileName=statusstream.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" --blame-hang-timeout 5m "$@"
status=$?

trx=$(find "$results" -name '*.trx' -print -quit 2>/dev/null)
if [ -z "$trx" ]; then
  echo "no test results were written" >&2; summary 0 1; exit 1
fi
counters=$(grep -o '<Counters [^>]*>' "$trx")
count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
passed=$(count passed); failed=$(count failed); total=$(count total); executed=$(count executed)
skipped=$((total - executed))
# A test broker that cannot be had (e.g. STATUSSTREAM_TEST_KAFKA=container with no Docker engine) fails
# every Kafka test at once with the same one-line reason: say it once here, not only per test.
grep -o 'TestKafkaUnavailableException : [^<&]*' "$trx" | sort -u | sed 's/^TestKafkaUnavailableException : /test broker unavailable: /' >&2
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1   # a crash or hang with no failed test is still a failure
summary "$passed" "$failed" "$([ "$skipped" -gt 0 ] && echo "$skipped")"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
