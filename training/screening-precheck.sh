#!/usr/bin/env bash
# A candidate classifier's screening, refitted on development data only, before it goes through the swap chain
# (ADR 0041). Every candidate so far failed the release gate through the screening refitted on its embedding, and
# leave-one-source-out refusal of the fitting negatives is the development figure that saw it coming (ADR 0038).
#
#   training/screening-precheck.sh DIR    DIR: a training run's --out (skin-lesion-mobilenetv2.onnx and .json),
#                                         or models/ for the shipped model's own column
#
# In a scratch git worktree (this checkout's models/ is not touched; the worktree is removed at the end), the
# candidate's manifest gets the shipped segmentation and clinical sections, then training/fit-ood.sh and
# training/fit-screening.sh refit its distances and head exactly as a swap would, and `screening_head.py
# generalisation` refits the head once per fitting-negative source left out. No report or test set is read.
# Kept in .data/screening (per model, by the first 12 hex digits of its sha256): emb-<sha>/ (the embeddings, reused
# by a later run), precheck-<sha>-ood.json (the refitted artifact), generalisation-<sha>.json. It prints the
# figures beside the shipped model's when its generalisation-<sha>.json is there (run this script on models/ once).
# About 10 minutes on 2 cores once the shared renderings and negatives exist (fit-screening.sh makes them).
set -euo pipefail
if [ $# -ne 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
    [ $# -eq 1 ] && exit 0 || exit 2
fi
cd "$(dirname "$0")/.."
ROOT=$PWD
CAND=$(cd "$1" && pwd)
for f in skin-lesion-mobilenetv2.onnx skin-lesion-mobilenetv2.json; do
    [ -f "$CAND/$f" ] || { echo "error: $CAND/$f not found" >&2; exit 2; }
done
OUT=.data/screening
sha_of() { /usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["sha256"][:12])' "$1"; }
sha=$(sha_of "$CAND/skin-lesion-mobilenetv2.json")
shipped=$(sha_of models/skin-lesion-mobilenetv2.json)
mkdir -p "$OUT"

SCRATCH=$(mktemp -d)
git worktree add -q --detach "$SCRATCH/tree" HEAD
trap 'git -C "$ROOT" worktree remove --force "$SCRATCH/tree"; git -C "$ROOT" worktree prune; rm -rf "$SCRATCH"' EXIT
ln -s "$ROOT/.data" "$SCRATCH/tree/.data"
cp "$CAND/skin-lesion-mobilenetv2.onnx" "$SCRATCH/tree/models/"
# The candidate's manifest, with the shipped segmentation and clinical sections and without what fit-ood.sh refits.
/usr/bin/python3 training/screening_head.py precheck-manifest --candidate "$CAND/skin-lesion-mobilenetv2.json" \
    --shipped models/skin-lesion-mobilenetv2.json --out "$SCRATCH/tree/models/skin-lesion-mobilenetv2.json"

# The scratch tree is elsewhere, so the shared data is named by its absolute path (SHARED and HAM as those scripts read them).
SHARED=$(cd "${SHARED:-$ROOT/../shared/data}" && pwd)
HAM=$(cd "${HAM:-$SHARED/ham10000}" && pwd)
export SHARED HAM
cd "$SCRATCH/tree"
echo "== fit-ood.sh ($sha; log .data/ood-$sha.log)"
OUT=".data/ood-$sha" training/fit-ood.sh > ".data/ood-$sha.log" 2>&1
echo "== fit-screening.sh (log $OUT/precheck-$sha.log)"
VERSION=0.0.0 training/fit-screening.sh > "$OUT/precheck-$sha.log" 2>&1
cp models/skin-lesion-mobilenetv2-ood.json "$OUT/precheck-$sha-ood.json"
echo "== leave-one-source-out"
/usr/bin/python3 training/screening_head.py generalisation --embeddings "$OUT/emb-$sha" --fit-negatives neg-fit \
    --labels "$OUT/neg-fit/labels.csv" --artifact models/skin-lesion-mobilenetv2-ood.json \
    --out "$OUT/generalisation-$sha.json" > "$OUT/generalisation-$sha.log" 2>&1
cd "$ROOT"

/usr/bin/python3 training/screening_head.py precheck-table --folder "$OUT" --sha "$sha" --shipped "$shipped"
