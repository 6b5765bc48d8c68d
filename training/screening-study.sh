#!/usr/bin/env bash
# The screening-head study (docs/decisions/0010, "Screening study with model 1.1.0's embedding"):
# a logistic-regression dermoscopy-vs-not head on the served model's embedding, against the served
# two-distance screening. Fitting: HAM10000 training sample (2,000), ISIC 2017 split `train`, ISIC
# archive extras split `train` (since ADR 0030), acquisition renderings of HAM10000 training images
# (skinlesion/acquisition_augment.py), negatives --seed 1. Development: HAM10000 validation, ISIC 2017
# split `validation`, isic2017-validation, ISIC archive extras split `validation` (since ADR 0030),
# renderings of HAM10000 validation images, negatives --seed 2. Reported once: isic2017-test,
# isic2016-test, negatives --seed 0, stress renderings black-border, grid, zoom-out.
# Existing outputs are reused (delete .data/screening to start over). About 15 minutes on 2 cores.
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
fi
cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared/data}"
OUT="${OUT:-.data/screening}"
NEG0="${NEG0:-.data/negatives}"          # the reported negatives, training/negatives.py --seed 0
STRESS="${STRESS:-.data/stress}"
# Embeddings are the served model's: keyed by its sha256, as fit-screening.sh keys them, so a swapped model never
# meets the previous model's cached embeddings.
sha=$(/usr/bin/python3 -c 'import json; print(json.load(open("models/skin-lesion-mobilenetv2.json"))["sha256"][:12])')
EMB="$OUT/emb-$sha"
mkdir -p "$EMB"
[ -f "$OUT/render-fit/labels.csv" ] && [ -f "$OUT/archive-validation.csv" ] && [ -f "$OUT/isic2017-validation-dev.csv" ] || /usr/bin/python3 training/screening_head.py prepare --images "$SHARED/ham10000/images.tar.gz" --validation-labels "$SHARED/isic2017-validation/labels.csv" --out "$OUT"
for s in 1 2; do
    [ -f "$OUT/neg-seed$s/labels.csv" ] || /usr/bin/python3 training/negatives.py --strict --out "$OUT/neg-seed$s" --seed $s
done
[ -f "$NEG0/labels.csv" ] || /usr/bin/python3 training/negatives.py --strict --out "$NEG0" --seed 0
[ -f "$STRESS/zoom-out/labels.csv" ] || /usr/bin/python3 training/stress.py render --out "$STRESS" --renderings black-border,grid,zoom-out --limit 200
. training/screening-embed.sh
dotnet build src/SkinLesion.Cli -c Release > /dev/null
embed ham-train-sample "$SHARED/ham10000/images.tar.gz" "$OUT/ham-train-sample.csv"
embed isic2017-train "$SHARED/isic2017-train/images.tar.gz" "$OUT/isic2017-train.csv"
embed archive-train "$SHARED/isic-archive-extra/images.tar.gz" "$OUT/archive-train.csv"
embed render-fit "$OUT/render-fit" "$OUT/render-fit/labels.csv"
embed neg-seed1 "$OUT/neg-seed1" "$OUT/neg-seed1/labels.csv"
embed ham-validation "$SHARED/ham10000/images.tar.gz" "$SHARED/ham10000/HAM10000_metadata.csv" validation training/splits/ham10000.csv
embed isic2017-trainval "$SHARED/isic2017-train/images.tar.gz" "$OUT/isic2017-validation.csv"
embed isic2017-validation "$SHARED/isic2017-validation/images.tar.gz" "$OUT/isic2017-validation-dev.csv"
embed archive-validation "$SHARED/isic-archive-extra/images.tar.gz" "$OUT/archive-validation.csv"
embed render-dev "$OUT/render-dev" "$OUT/render-dev/labels.csv"
embed neg-seed2 "$OUT/neg-seed2" "$OUT/neg-seed2/labels.csv"
embed isic2017-test "$SHARED/isic2017-test/images.tar.gz" "$SHARED/isic2017-test/labels.csv"
embed isic2016-test "$SHARED/isic2016-test/images.tar.gz" "$SHARED/isic2016-test/labels.csv"
embed neg-seed0 "$NEG0" "$NEG0/labels.csv"
for r in black-border grid zoom-out; do
    embed "stress-$r" "$STRESS/$r" "$STRESS/$r/labels.csv"
done
/usr/bin/python3 training/screening_head.py study --embeddings "$EMB" --out "$OUT/study.json" "$@"
