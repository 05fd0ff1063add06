#!/usr/bin/env bash
# Makes sure the native librdkafka that Confluent.Kafka 2.15.1 needs is available as a
# local-folder NuGet package (`librdkafka.redist` 2.15.1 in .local-packages/).
#
# Why: the NuGet copy these machines reach does not serve librdkafka.redist, and Debian's
# librdkafka (2.0.2) is too old for the managed client. The npm package
# @confluentinc/kafka-javascript carries the exact librdkafka source, so we build it from there
# once and cache the result by version under ~/.cache/statusstream. Idempotent: a second run
# with the package already in place does nothing.
set -euo pipefail

LIBRDKAFKA_VERSION=2.15.1
NPM_PACKAGE=@confluentinc/kafka-javascript@1.10.1

root=$(cd "$(dirname "$0")/.." && pwd)
feed="$root/.local-packages"
nupkg="$feed/librdkafka.redist.$LIBRDKAFKA_VERSION.nupkg"
cache="${STATUSSTREAM_CACHE:-$HOME/.cache/statusstream}/librdkafka-$LIBRDKAFKA_VERSION"
so="$cache/librdkafka.so"

mkdir -p "$feed" "$cache"
if [ -f "$nupkg" ]; then
  exit 0
fi

log() { printf '[librdkafka] %s\n' "$*" >&2; }

install_build_tools() {
  local missing=()
  for pkg in build-essential pkg-config zlib1g-dev libssl-dev libzstd-dev liblz4-dev python3 zip; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

if [ ! -f "$so" ]; then
  install_build_tools
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  log "fetching librdkafka $LIBRDKAFKA_VERSION source from the npm package $NPM_PACKAGE"
  (cd "$work" && npm pack --silent "$NPM_PACKAGE" >/dev/null 2>&1)
  tar -xzf "$work"/*.tgz -C "$work"
  src="$work/package/deps/librdkafka"
  grep -q 'RD_KAFKA_VERSION  *0x020f01ff' "$src/src/rdkafka.h" || {
    log "the npm package does not carry librdkafka $LIBRDKAFKA_VERSION"; exit 1; }
  log "building (about 90 s on 2 cores)"
  (cd "$src" && ./configure --disable-gssapi --disable-curl >"$work/configure.log" 2>&1 \
     && make -j"$(nproc)" libs >"$work/make.log" 2>&1) || {
    log "build failed; last lines:"; tail -n 30 "$work"/make.log "$work"/configure.log >&2 || true; exit 1; }
  cp "$src/src/librdkafka.so.1" "$so.tmp" && mv "$so.tmp" "$so"
  rm -rf "$work"; trap - EXIT
fi

log "packing $nupkg"
pack=$(mktemp -d)
mkdir -p "$pack/runtimes/linux-x64/native"
cp "$so" "$pack/runtimes/linux-x64/native/librdkafka.so"
cat >"$pack/librdkafka.redist.nuspec" <<NUSPEC
<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata>
    <id>librdkafka.redist</id>
    <version>$LIBRDKAFKA_VERSION</version>
    <authors>librdkafka authors (built locally by StatusStream)</authors>
    <description>librdkafka $LIBRDKAFKA_VERSION for linux-x64, built from source by build/ensure-librdkafka.sh.</description>
  </metadata>
</package>
NUSPEC
(cd "$pack" && zip -q -r "$nupkg.tmp" librdkafka.redist.nuspec runtimes)
mv "$nupkg.tmp" "$nupkg"
rm -rf "$pack"
log "ready: $nupkg"
