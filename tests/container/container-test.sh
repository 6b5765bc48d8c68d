#!/usr/bin/env bash
# Container test: builds the repository's Dockerfile, starts its entrypoint inside the image and checks
# what a hospital's Docker host would rely on. No Docker engine runs on CI's machines, so it uses
# Debian's buildah (--isolation chroot, as root), and since Microsoft's registry cannot be reached,
# it first builds stand-ins for the .NET base images from Debian packages (StandIn.Containerfile).
# What this covers and what differs from the official images: README.md, "The container image".
#
# Usage: tests/container/container-test.sh [--dockerfile PATH] [--keep-images]
#   --dockerfile PATH  build this Dockerfile instead of ./Dockerfile (the context is still the repo root)
#   --keep-images      leave the stand-in and app images in buildah's storage (faster reruns)
# Needs root, buildah, mmdebstrap, curl, and the .NET SDK at /usr/share/dotnet (or $DOTNET_ROOT).
# The classification check reads a HAM10000 image from ../shared/data/ham10000 and is skipped, with a
# reason, when that is absent.
set -euo pipefail
cd "$(dirname "$0")/../.."

dockerfile=Dockerfile
keep_images=0
while [ $# -gt 0 ]; do
    case "$1" in
        --dockerfile) dockerfile="$2"; shift 2 ;;
        --keep-images) keep_images=1; shift ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "container-test: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

for tool in buildah mmdebstrap curl python3; do
    command -v "$tool" >/dev/null || { echo "container-test: '$tool' is not installed (apt-get install $tool)" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "container-test: buildah needs root here (run as root or under sudo)" >&2; exit 2; }
dotnet_root="${DOTNET_ROOT:-/usr/share/dotnet}"
[ -x "$dotnet_root/dotnet" ] || { echo "container-test: no .NET at $dotnet_root (set DOTNET_ROOT)" >&2; exit 2; }

app_image=localhost/skinlesion/app:container-test
runtime_image=localhost/skinlesion/standin-aspnet:10.0
sdk_image=localhost/skinlesion/standin-sdk:10.0
port=8080 # the port the image's HEALTHCHECK and ASPNETCORE_HTTP_PORTS name
base="http://127.0.0.1:$port"
work="$(mktemp -d)"
container=""
server_pid=""

cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    if [ -n "$container" ]; then buildah rm "$container" >/dev/null 2>&1 || true; fi
    if [ "$keep_images" = 0 ]; then
        buildah rmi -f "$app_image" "$sdk_image" "$runtime_image" >/dev/null 2>&1 || true
        # The build's intermediate layers (--layers) are dangling now; without this every run leaves gigabytes behind.
        buildah rmi --prune >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS  $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1"; }
check() { local name="$1"; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }
elapsed() { echo "$(( $(date +%s) - $1 )) s"; }

if curl -s -o /dev/null "$base/"; then
    echo "container-test: something already listens on port $port; stop it first" >&2
    exit 2
fi

echo "== stand-in base images (Debian bookworm by mmdebstrap + this machine's .NET $("$dotnet_root/dotnet" --version))"
started=$(date +%s)
mmdebstrap --quiet --variant=minbase --include=ca-certificates,libicu72,libssl3,zlib1g,tzdata \
    bookworm "$work/rootfs.tar"
for flavour in runtime sdk; do
    mkdir -p "$work/$flavour/dotnet"
    ln "$work/rootfs.tar" "$work/$flavour/rootfs.tar"
    cp /etc/ssl/certs/ca-certificates.crt "$work/$flavour/"
done
# The aspnet image carries the shared runtimes only; the sdk image the whole SDK.
cp -a "$dotnet_root"/{dotnet,host,shared} "$work/runtime/dotnet/"
cp -a "$dotnet_root"/. "$work/sdk/dotnet/"
buildah bud --quiet --isolation chroot --format docker -f tests/container/StandIn.Containerfile \
    --build-arg NUGET_CERT_REVOCATION_MODE="${NUGET_CERT_REVOCATION_MODE:-online}" -t "$runtime_image" "$work/runtime" >/dev/null
buildah bud --quiet --isolation chroot --format docker -f tests/container/StandIn.Containerfile \
    --build-arg NUGET_CERT_REVOCATION_MODE="${NUGET_CERT_REVOCATION_MODE:-online}" -t "$sdk_image" "$work/sdk" >/dev/null
rm -rf "$work/runtime" "$work/sdk" "$work/rootfs.tar"
echo "   built in $(elapsed "$started")"

echo "== build $dockerfile on the stand-ins"
started=$(date +%s)
if ! buildah bud --isolation chroot --format docker --layers \
        --build-arg SDK_IMAGE="$sdk_image" --build-arg RUNTIME_IMAGE="$runtime_image" \
        -f "$dockerfile" -t "$app_image" . >"$work/build.log" 2>&1; then
    tail -n 40 "$work/build.log"
    fail "the image builds from $dockerfile"
    echo "container-test: $passed passed, $failed failed"
    exit 1
fi
pass "the image builds from $dockerfile ($(elapsed "$started"))"

# The image's own configuration: what `docker run` would start, as whom, and its health check.
buildah inspect --type image "$app_image" >"$work/image.json"
config() { python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["Docker"]["config"]; print(json.dumps(c.get(sys.argv[2])))' "$work/image.json" "$1"; }
mapfile -t entrypoint < <(config Entrypoint | python3 -c 'import json,sys; [print(a) for a in (json.load(sys.stdin) or [])]')
mapfile -t healthcheck < <(config Healthcheck | python3 -c 'import json,sys; h=json.load(sys.stdin) or {}; t=h.get("Test") or []; [print(a) for a in (t[1:] if t[:1]==["CMD"] else [])]')
image_user="$(config User | python3 -c 'import json,sys; print(json.load(sys.stdin) or "")')"
size="$(buildah images --format '{{.Size}}' "$app_image" | head -n 1)"
echo "   image size: $size; entrypoint: ${entrypoint[*]}; user: ${image_user:-(none)}"
check "the image names an entrypoint" [ "${#entrypoint[@]}" -gt 0 ]
check "the image declares a HEALTHCHECK command" [ "${#healthcheck[@]}" -gt 0 ]

container="$(buildah from "$app_image")"
mount="$(buildah mount "$container")"
check "models/ inside the image is byte-identical to the repository's models/" diff -r models "$mount/app/models"
manifest_sha="$(python3 -c 'import json; print(json.load(open("models/skin-lesion-mobilenetv2.json"))["sha256"])')"
image_sha="$(sha256sum "$mount/app/models/skin-lesion-mobilenetv2.onnx" | cut -d' ' -f1)"
echo "   model sha256 in the image: $image_sha"
check "the model's sha256 inside the image matches the manifest in models/" [ "$image_sha" = "$manifest_sha" ]
check "wwwroot/ inside the image is byte-identical to the repository's wwwroot/" diff -r wwwroot "$mount/app/wwwroot"
buildah umount "$container" >/dev/null

# The image runs as Production: without authentication settings it must refuse to start, naming them.
echo "== the entrypoint without authentication settings"
refused() {
    local status=0
    timeout 120 buildah run --isolation chroot "$container" -- "${entrypoint[@]}" >"$work/refusal.log" 2>&1 || status=$?
    echo "   exit code $status"
    [ "$status" -eq 1 ] \
        && grep -q "^SkinLesion stopped: No authentication is configured" "$work/refusal.log" \
        && grep -q "SkinLesion:Auth:AllowAnonymous" "$work/refusal.log" \
        && ! grep -q "Unhandled exception" "$work/refusal.log"
}
check "the entrypoint without authentication settings exits 1 at startup with a line naming SkinLesion:Auth" refused

# Then as a deployment would run it: one API key (only its SHA-256 in the environment), and anonymous use allowed on
# purpose so the page can be checked without a sign-in provider (README, "The container image test").
api_key="container-test-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
api_key_sha256="$(printf %s "$api_key" | sha256sum | cut -d' ' -f1)"
echo "== start the entrypoint inside the image (API key 'container-test', anonymous allowed)"
buildah run --isolation chroot \
    --env SkinLesion__Auth__ApiKeys__0__Name=container-test \
    --env SkinLesion__Auth__ApiKeys__0__Sha256="$api_key_sha256" \
    --env SkinLesion__Auth__AllowAnonymous=true \
    "$container" -- "${entrypoint[@]}" >"$work/app.log" 2>&1 &
server_pid=$!
ready=""
for _ in $(seq 1 120); do
    if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health/ready")" = 200 ]; then ready=yes; break; fi
    sleep 0.5
done
if [ -z "$ready" ]; then
    echo "--- the app's output:"; tail -n 40 "$work/app.log"
    fail "the container becomes ready (GET /health/ready answers 200 within 60 s)"
    echo "container-test: $passed passed, $failed failed"
    exit 1
fi
pass "the container becomes ready (GET /health/ready answers 200)"

# buildah's chroot isolation shares the host's process table: the server is the process that
# buildah-chroot-exec started, and its real user is read from /proc.
app_pid="$server_pid"
while child="$(pgrep -P "$app_pid" | head -n 1)" && [ -n "$child" ]; do app_pid="$child"; done
app_uid="$(awk '/^Uid:/ {print $2}' "/proc/$app_pid/status" 2>/dev/null || echo unknown)"
echo "   server process $app_pid runs as uid $app_uid (image user ${image_user:-(none)})"
check "the server runs as a non-root user" test "$app_uid" != unknown -a "$app_uid" != 0
check "the server runs as the image's configured user" [ "$app_uid" = "$image_user" ]

check "the HEALTHCHECK command exits 0" buildah run --isolation chroot "$container" -- "${healthcheck[@]}"

page_ok() {
    curl -sf "$base/" -o "$work/page.html" || return 1
    mapfile -t assets < <(python3 - "$work/page.html" <<'EOF'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
print("\n".join(re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html) + re.findall(r'<script[^>]+src="([^"]+)"', html)))
EOF
    )
    local css=0 js=0 asset
    for asset in "${assets[@]}"; do
        case "$asset" in http*) continue ;; esac
        local type
        type="$(curl -sf -o /dev/null -w '%{content_type}' "$base$asset")" || { echo "   $asset: not served"; return 1; }
        case "$type" in text/css*) css=$((css + 1)) ;; text/javascript*|application/javascript*) js=$((js + 1)) ;; esac
        echo "   $asset: $type"
    done
    [ "$css" -gt 0 ] && [ "$js" -gt 0 ]
}
check "the clinician's page answers 200 and serves its stylesheet and script" page_ok

wrong_key_refused() {
    [ "$(curl -s -o "$work/wrong-key.json" -w '%{http_code}' -H 'X-Api-Key: not-the-key' -H 'Content-Type: image/png' \
        --data-binary 'not read' "$base/api/v1/classifications")" = 401 ] \
        && grep -q '"type":"https://skinlesion.example/problems/unauthorized"' "$work/wrong-key.json"
}
check "a wrong API key is refused with 401 problem details (unauthorized)" wrong_key_refused

ham="../shared/data/ham10000/images.tar.gz"
if [ -f "$ham" ]; then
    # ISIC_0024329 (akiec) is the README's example; read straight out of the archive, never copied into the repo.
    tar -xzf "$ham" -O images/ISIC_0024329.jpg >"$work/lesion.jpg"
    curl -s -H "X-Api-Key: $api_key" -F "image=@$work/lesion.jpg;type=image/jpeg" "$base/api/v1/classifications" -o "$work/answer.json" -w '%{http_code}' >"$work/status"
    echo "   POST /api/v1/classifications: HTTP $(cat "$work/status") $(python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); print(a.get("status"), (a.get("prediction") or {}).get("code"), a.get("model",{}).get("version"))' "$work/answer.json" 2>/dev/null || head -c 300 "$work/answer.json")"
    classified() {
        [ "$(cat "$work/status")" = 200 ] && python3 - "$work/answer.json" "$manifest_sha" <<'EOF'
import json, sys
answer = json.load(open(sys.argv[1]))
assert answer["status"] in ("classified", "uncertain"), answer["status"]
assert answer["model"]["sha256"] == sys.argv[2], answer["model"]
assert abs(sum(answer["probabilities"].values()) - 1) < 1e-3, answer["probabilities"]
assert answer["verdict"]["label"] in ("benign", "malignant"), answer["verdict"]
EOF
    }
    check "a real dermoscopic image (HAM10000 ISIC_0024329), sent with the API key, is classified by the served model" classified
else
    echo "SKIP  a real dermoscopic image is classified: $ham is absent (no ../shared next to the repository)"
fi

# The command-line tool in the image reads the trail the running service writes, with the image's own settings: what a
# site's retention job or readable export runs (docs/operations.md, "Audit trail jobs").
exported_by_the_cli() {
    curl -s -o "$work/refused.json" -H "X-Api-Key: $api_key" -H 'Content-Type: image/png' --data-binary 'not an image' \
        "$base/api/v1/classifications" || return 1
    local request_id
    request_id="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requestId"])' "$work/refused.json")" || return 1
    buildah run --isolation chroot "$container" -- dotnet skinlesion.dll audit export --since 2000-01-01 --format jsonl \
        >"$work/export.jsonl" 2>"$work/export.err" || { cat "$work/export.err"; return 1; }
    echo "   audit export in the image: $(wc -l <"$work/export.jsonl") records; $(tail -n 1 "$work/export.err")"
    python3 - "$work/export.jsonl" "$request_id" <<'EOF'
import json, sys
records = {r["request_id"]: r for r in map(json.loads, open(sys.argv[1]))}
r = records[sys.argv[2]]
assert (r["client"], r["client_kind"], r["status"], r["http_status"]) == ("container-test", "ApiKey", "refused", 415), r
EOF
}
check "the image's audit export (dotnet skinlesion.dll) reads the service's record of a refused upload" exported_by_the_cli

check "the app logged no unhandled exception" bash -c "! grep -q 'Unhandled exception' '$work/app.log'"

echo "container-test: image $app_image, $size"
echo "container-test: $passed passed, $failed failed"
[ "$failed" = 0 ]
