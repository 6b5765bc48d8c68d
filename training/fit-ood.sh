#!/usr/bin/env bash
# Refit the out-of-distribution check and the uncertainty band for the model in models/ (after every
# retraining): the served C# pipeline writes the HAM10000 train/validation embeddings and those of the
# acquisition renderings of the training split (training/acquisition.py), with the early-stage statistics
# (training/skinlesion/early.py) beside each, then training/ood.py fits on
# train, chooses thresholds on validation and updates the manifest.
# Needs ../shared/data/ham10000, the .NET SDK and Debian's python3-numpy/python3-pil. About 12 minutes on 2 cores.
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
fi
cd "$(dirname "$0")/.."
HAM="${HAM:-../shared/data/ham10000}"
OUT="${OUT:-.data/ood}"
for split in train validation; do
    dotnet run --project src/SkinLesion.Cli -c Release -- evaluate \
        --images "$HAM/images.tar.gz" --labels "$HAM/HAM10000_metadata.csv" \
        --split "$split" --split-file training/splits/ham10000.csv \
        --out "$OUT/ham-$split" --bootstrap 1 --embeddings "$OUT/ham-$split.npy" --early-statistics "$OUT/ham-$split.early.npy"
done
/usr/bin/python3 training/acquisition.py --images "$HAM/images.tar.gz" --out "$OUT/acquisition" --validation-variants 0
dotnet run --project src/SkinLesion.Cli -c Release -- evaluate \
    --images "$OUT/acquisition" --labels "$OUT/acquisition/labels.csv" \
    --split train --split-file "$OUT/acquisition/split.csv" \
    --out "$OUT/acquisition-train" --bootstrap 1 --embeddings "$OUT/acquisition-train.npy" --early-statistics "$OUT/acquisition-train.early.npy"
/usr/bin/python3 training/ood.py --embeddings "$OUT" --images "$HAM/images.tar.gz" --manifest models/skin-lesion-mobilenetv2.json "$@"
