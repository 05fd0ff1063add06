# syntax=docker/dockerfile:1
# StatusStream's container image (README, "Container image"):
#   docker build -t statusstream:latest .
#   docker run --rm --read-only -e STATUSSTREAM_Kafka__BootstrapServers=kafka:9092 statusstream:latest
# A test (tests/StatusStream.Tests/Deploy/DockerfileTests.cs) holds its stages, user, stop signal and
# entry point to what the README says, and deploy/kubernetes/deployment.yaml to this image.

# Build: the .NET 10 SDK restores from the package registry (Confluent.Kafka brings the official
# librdkafka.redist, so nothing native is compiled) and publishes framework-dependent for linux,
# ReadyToRun (precompiled: docs/performance.md, "Cold start": about 30% less CPU to the first callback).
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG TARGETARCH
WORKDIR /src
# Project files first, so the restore layer is reused until a project or a package version changes.
COPY global.json Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig ./
COPY src/StatusStream/StatusStream.csproj src/StatusStream/
COPY src/StatusStream.Embedded/StatusStream.Embedded.csproj src/StatusStream.Embedded/
RUN dotnet restore src/StatusStream/StatusStream.csproj -a "${TARGETARCH:-amd64}" -p:PublishReadyToRun=true
COPY schemas/ schemas/
COPY src/ src/
RUN dotnet publish src/StatusStream/StatusStream.csproj -c Release -a "${TARGETARCH:-amd64}" --self-contained false \
      --no-restore -p:UseAppHost=false -p:PublishReadyToRun=true -o /app

# Run: the ASP.NET Core runtime image (it carries the plain .NET runtime too), so HTTP features
# (webhooks, the subscription API) need no change of base image.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# Owned by root and read-only to the app: it writes nothing at run time, so the root file system
# can be read-only (Kubernetes mounts an emptyDir on /tmp only for the runtime's diagnostics socket).
COPY --from=build /app ./
# The .NET images' unprivileged user "app", by number so that Kubernetes' runAsNonRoot can verify it.
USER 1654:1654
# A 64 MB gen0 budget (the default is a few MB): a status lives about as long as its delivery takes, so with
# the default budget many outlived a young collection and were promoted, costing CPU per status; with this
# they die young (docs/performance.md, "CPU per status"). Only an environment variable sets it.
ENV DOTNET_GCgen0size=0x4000000
# SIGTERM: stop consuming, wait for outstanding deliveries, commit, leave the group, exit 0
# (within Pipeline:ShutdownTimeoutSeconds).
STOPSIGNAL SIGTERM
ENTRYPOINT ["dotnet", "/app/StatusStream.dll", "run"]
