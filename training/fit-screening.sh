#!/usr/bin/env bash
# Fit the served screening head (OOD artifact schema 5, docs/model-contract.md) for the model in models/,
# after training/fit-ood.sh has written its distances (whose nuisance directions the head's features use).
# The served C# pipeline writes the embedding and early-stage statistics of every set; then
# training/screening_head.py fit fits the logistic head (variant projected+early) and chooses its threshold
# (the highest logit accepting >= 99% of every development dermoscopy set), and writes the artifact with
# both distances kept as information only (they were fitted on HAM10000 alone and measure its cameras).
#
#   fitting:      dermoscopy: 2,000 HAM10000 training images, ISIC 2017 training split `train`, ISIC archive
#                 extras split `train`, 1,000 acquisition renderings of HAM10000 training images
#                 (skinlesion/acquisition_augment.py, not the stress set); negatives: training/negatives.py
#                 --partition fit --seed 1
#   development:  dermoscopy: HAM10000 validation, ISIC 2017 training split `validation`, isic2017-validation,
#                 ISIC archive extras split `validation`; negatives: --partition fit --seed 2 (figures only)
#   reported (elsewhere, models/evaluation/negatives): --partition report --seed 3, whose source photos,
#                 medical images, wallpapers, fonts and page templates the fit never saw, plus three groups
#                 from packages no generator of the fit uses (matplotlib's sample data, Tux Paint's stamps).
# Embeddings are kept per model (.data/screening/emb-<sha256 prefix>). About 15 minutes on 2 cores.
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
    sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
fi
cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared/data}"
OUT="${OUT:-.data/screening}"
VERSION="${VERSION:-2.0.0}"
sha=$(/usr/bin/python3 -c 'import json; print(json.load(open("models/skin-lesion-mobilenetv2.json"))["sha256"][:12])')
EMB="$OUT/emb-$sha"
mkdir -p "$EMB"
[ -f "$OUT/render-fit/labels.csv" ] && [ -f "$OUT/archive-validation.csv" ] && [ -f "$OUT/isic2017-validation-dev.csv" ] || /usr/bin/python3 training/screening_head.py prepare --images "$SHARED/ham10000/images.tar.gz" --validation-labels "$SHARED/isic2017-validation/labels.csv" --out "$OUT"
[ -f "$OUT/neg-fit/labels.csv" ] || /usr/bin/python3 training/negatives.py --strict --partition fit --seed 1 --out "$OUT/neg-fit"
[ -f "$OUT/neg-dev/labels.csv" ] || /usr/bin/python3 training/negatives.py --strict --partition fit --seed 2 --out "$OUT/neg-dev"
. training/screening-embed.sh
dotnet build src/SkinLesion.Cli -c Release > /dev/null
embed ham-train-sample "$SHARED/ham10000/images.tar.gz" "$OUT/ham-train-sample.csv"
embed isic2017-train "$SHARED/isic2017-train/images.tar.gz" "$OUT/isic2017-train.csv"
embed archive-train "$SHARED/isic-archive-extra/images.tar.gz" "$OUT/archive-train.csv"
embed render-fit "$OUT/render-fit" "$OUT/render-fit/labels.csv"
embed neg-fit "$OUT/neg-fit" "$OUT/neg-fit/labels.csv"
embed ham-validation "$SHARED/ham10000/images.tar.gz" "$SHARED/ham10000/HAM10000_metadata.csv" validation training/splits/ham10000.csv
embed isic2017-trainval "$SHARED/isic2017-train/images.tar.gz" "$OUT/isic2017-validation.csv"
embed isic2017-validation "$SHARED/isic2017-validation/images.tar.gz" "$OUT/isic2017-validation-dev.csv"
embed archive-validation "$SHARED/isic-archive-extra/images.tar.gz" "$OUT/archive-validation.csv"
embed neg-dev "$OUT/neg-dev" "$OUT/neg-dev/labels.csv"
/usr/bin/python3 training/screening_head.py fit --embeddings "$EMB" --fit-negatives neg-fit --dev-negatives neg-dev \
    --labels "$OUT/neg-fit/labels.csv" --version "$VERSION" --informational embedding,early --head-out "$OUT/head-$sha.json" "$@"
