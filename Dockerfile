# SkinLesion web service: multi-stage build on glibc images (ONNX Runtime's native library needs
# glibc, so not Alpine). .NET 10 ships no Debian images; its default tags are Ubuntu 24.04 "noble"
# (Debian-derived), pinned here explicitly. Build:  docker build -t skinlesion .
# Run:    README.md, "Docker" (a volume for the audit trail, the read-only root, limits and stop timeout)
# The base images are build arguments so that CI, which cannot pull from Microsoft's registry, can
# build this same file on stand-ins (tests/container/container-test.sh); the defaults are the
# official images.
# The shipped model (models/) is baked into the image; mount another one and point
# SkinLesion__Model__Path at its manifest to replace it. The audit trail's SQLite file lives in
# /var/lib/skinlesion: mount a volume there (or set SkinLesion__Audit__Provider=PostgreSql and a connection string).

ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0-noble
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0-noble

FROM ${SDK_IMAGE} AS build
WORKDIR /src

# Restore first, from the project files only, so the layer is reused until dependencies change.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/SkinLesion.Inference/SkinLesion.Inference.csproj src/SkinLesion.Inference/
COPY src/SkinLesion.Audit/SkinLesion.Audit.csproj src/SkinLesion.Audit/
COPY src/SkinLesion.Web/SkinLesion.Web.csproj src/SkinLesion.Web/
COPY src/SkinLesion.Cli/SkinLesion.Cli.csproj src/SkinLesion.Cli/
RUN dotnet restore src/SkinLesion.Web/SkinLesion.Web.csproj -r linux-x64 \
    && dotnet restore src/SkinLesion.Cli/SkinLesion.Cli.csproj -r linux-x64

# Everything the app reads at run time comes from these folders, copied next to the binaries by
# SkinLesion.Web.csproj: the model, its manifest and out-of-distribution artifact, the evaluation
# reports shown on /model (models/), and the page's stylesheet and script (wwwroot/). Without
# wwwroot/ the app tries to create it at startup as the non-root user and crashes.
COPY src/ src/
COPY models/ models/
COPY wwwroot/ wwwroot/
RUN dotnet publish src/SkinLesion.Web/SkinLesion.Web.csproj -c Release -r linux-x64 --self-contained false \
        --no-restore -p:UseAppHost=false -o /app \
    && test -f /app/models/skin-lesion-mobilenetv2.onnx \
    && test -f /app/models/evaluation/ham10000-test/report.json \
    && test -f /app/wwwroot/css/site.css \
    && test -f /app/wwwroot/js/upload.js
# The command-line tool beside the service, on the same libraries and model, for what a site runs inside its
# container with the service's settings: `dotnet skinlesion.dll audit purge|export` (retention, a readable copy) and
# `calibrate` (a site operating point). Same packages (central versions), so the shared files are the same files.
RUN dotnet publish src/SkinLesion.Cli/SkinLesion.Cli.csproj -c Release -r linux-x64 --self-contained false \
        --no-restore -p:UseAppHost=false -o /app \
    && test -f /app/skinlesion.dll && test -f /app/SkinLesion.Web.dll

FROM ${RUNTIME_IMAGE} AS runtime

# libjpeg-turbo's TurboJPEG library decodes JPEGs bit-exactly like Pillow in the Python reference
# (docs/decisions/0004). Ubuntu names the package libturbojpeg, Debian libturbojpeg0.
RUN apt-get update \
    && (apt-get install -y --no-install-recommends libturbojpeg || apt-get install -y --no-install-recommends libturbojpeg0) \
    && rm -rf /var/lib/apt/lists/*

# The audit trail's data directory (README, "Audit trail"), owned by the non-root user the app runs as; the app
# creates audit.db in it on first start. Mount a volume here (docker run -v skinlesion-audit:/var/lib/skinlesion) so
# the records outlive the container. No VOLUME instruction: an anonymous volume would hide records on every new
# container, and some runtimes create it owned by root.
RUN mkdir -p /var/lib/skinlesion && chown "$APP_UID" /var/lib/skinlesion && chmod 700 /var/lib/skinlesion

WORKDIR /app
COPY --from=build /app ./

# Port 8080 is the non-root default of the .NET images. Every SkinLesion option can be set by
# environment, e.g. SkinLesion__Upload__MaxBytes=5242880, SkinLesion__Model__IntraOpNumThreads=2.
# The image runs as Production, so it refuses to start until authentication is configured, e.g.
# SkinLesion__Auth__ApiKeys__0__Name=lab-system and SkinLesion__Auth__ApiKeys__0__Sha256=<sha256 of the key>
# (README, "Authentication"); SkinLesion__Auth__AllowAnonymous=true runs it without, on purpose.
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_gcServer=0 \
    SkinLesion__Images__JpegDecoder=LibJpegTurbo \
    SkinLesion__Audit__DataDirectory=/var/lib/skinlesion
EXPOSE 8080

# Orchestrators should use HTTP probes: liveness GET /health/live, readiness GET /health/ready
# (200 once the model is loaded, verified and warmed up). For plain Docker, this check speaks
# HTTP through bash's /dev/tcp because the runtime image ships neither curl nor wget.
# 12 s: readiness includes the audit store's check, which may take a 5 s connect and a 5 s command on PostgreSQL (the
# Kubernetes probe allows 11 s); the port is the first of ASPNETCORE_HTTP_PORTS, which a site may change.
HEALTHCHECK --interval=30s --timeout=12s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "port=${ASPNETCORE_HTTP_PORTS:-8080}; exec 3<>/dev/tcp/127.0.0.1/${port%%[;,]*} && printf 'GET /health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# APP_UID is the non-root user the .NET images define.
USER $APP_UID
ENTRYPOINT ["dotnet", "SkinLesion.Web.dll"]
