#!/usr/bin/env bash
# Issue 17's acceptance flood, by hand (not part of CI): N connections posting one large JPEG for D seconds
# against a Release build, while /health/ready is probed twice a second. Reports status counts, p50/p99 of
# the 200s, the slowest readiness answer, the server's peak RSS (VmHWM), and a normal image afterwards.
# Usage: tests/load/flood.sh [connections=128] [seconds=30]   (after dotnet build -c Release)
# Extra server settings go through the environment, e.g. SkinLesion__RateLimit__TokenLimit=100000 to
# measure admission control alone (every connection comes from 127.0.0.1, one rate-limit client).
# The server runs as Production, which needs an authentication method: the flood measures load, not keys, so it
# allows anonymous use unless SkinLesion__Auth__AllowAnonymous is set otherwise.
set -euo pipefail
connections=${1:-128}
seconds=${2:-30}
port=${PORT:-5399}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
url="http://127.0.0.1:$port"

# A skin-toned gradient with mild noise, about the size of the issue's 6000x4500 photographs (Debian's
# python3-pil and python3-numpy, which the training side already needs).
/usr/bin/python3 - "$work" <<'PY'
import sys
import numpy as np
from PIL import Image
rng = np.random.default_rng(0)
for name, (w, h), quality in (("big.jpg", (6000, 4500), 85), ("small.jpg", (200, 150), 90)):
    t = np.linspace(0, 1, w, dtype=np.float32)[None, :, None]
    base = (1 - t) * np.array([192, 128, 112], np.float32) + t * np.array([96, 64, 48], np.float32)
    pixels = base + rng.normal(0, 6, (h, w, 3)).astype(np.float32)
    Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).save(f"{sys.argv[1]}/{name}", quality=quality)
PY
echo "image: $(stat -c %s "$work/big.jpg") bytes"

SkinLesion__Auth__AllowAnonymous="${SkinLesion__Auth__AllowAnonymous:-true}" \
    dotnet "$root/src/SkinLesion.Web/bin/Release/net10.0/SkinLesion.Web.dll" --urls "$url" >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
until curl -sf "$url/health/ready" >/dev/null; do sleep 0.5; done

end=$(( $(date +%s) + seconds ))
( while [ "$(date +%s)" -lt "$end" ]; do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$url/health/ready" >>"$work/health.txt"; sleep 0.5
  done ) &
for _ in $(seq "$connections"); do
  ( while [ "$(date +%s)" -lt "$end" ]; do
      curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -F "image=@$work/big.jpg;type=image/jpeg" "$url/api/v1/classifications" >>"$work/results.txt" || echo "000 0" >>"$work/results.txt"
    done ) &
done
wait $(jobs -p | grep -v "^$server\$") 2>/dev/null || true

echo "status counts:"; cut -d' ' -f1 "$work/results.txt" | sort | uniq -c
# Percentiles by position in the sorted list (nearest rank), in plain POSIX awk.
pct() { sort -n | awk -v p="$1" '{a[NR]=$1} END {if (NR == 0) {print "-"; exit} i = int(NR * p + 0.999999); if (i < 1) i = 1; if (i > NR) i = NR; printf "%.2f", a[i]}'; }
ok=$(awk '$1==200' "$work/results.txt" | wc -l)
echo "200s: $ok, p50 $(awk '$1==200 {print $2}' "$work/results.txt" | pct 0.5) s, p99 $(awk '$1==200 {print $2}' "$work/results.txt" | pct 0.99) s"
echo "/health/ready: $(wc -l < "$work/health.txt") probes, max $(awk '{print $2}' "$work/health.txt" | pct 1.0) s"
cut -d' ' -f1 "$work/health.txt" | sort | uniq -c | sed 's/^/  ready status /'
grep VmHWM "/proc/$server/status"
curl -s -o /dev/null -w 'normal image afterwards: %{http_code}\n' -F "image=@$work/small.jpg;type=image/jpeg" "$url/api/v1/classifications"
