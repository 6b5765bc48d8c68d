#!/usr/bin/env bash
# The stress set for acquisition changes (training/stress.py, training/skinlesion/stress.py): render the
# HAM10000 test lesions (every malignant one + 300 benign, upscaled to 800x600) through every rendering into
# .data/stress/<rendering>/ (git-ignored), score each with the served pipeline's evaluate command into
# models/evaluation/stress/<rendering>/ (report.json, README.md, predictions.csv; default 1000-resample
# bootstrap, intervals resample lesions), then write the summary table of models/evaluation/stress/README.md
# from the reports. Evidence, never a tuning input. Extra arguments go to every evaluate call
# (e.g. --model path/to/manifest.json to measure another model).
# SPLIT=validation renders validation images instead, into .data/stress-validation, with the reports in
# .data/stress-validation/reports and the table printed, not written: figures that may inform a choice between
# models (ADR 0029), kept apart from the committed test-split evidence.
# Needs ../shared/data/ham10000, the .NET SDK and Debian's python3-numpy/python3-pil.
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
fi
cd "$(dirname "$0")/.."
HAM="${HAM:-../shared/data/ham10000}"
SPLIT="${SPLIT:-test}"
case "$SPLIT" in
    test) DATA="${DATA:-.data/stress}"; REPORTS="${REPORTS:-models/evaluation/stress}"; TITLE="Stress set" ;;
    validation) DATA="${DATA:-.data/stress-validation}"; REPORTS="${REPORTS:-$DATA/reports}"; TITLE="Stress set (validation)" ;;
    *) echo "stress-evaluate.sh: SPLIT must be test or validation, not '$SPLIT'" >&2; exit 2 ;;
esac
if [ "$SPLIT" = validation ] && [ "$(realpath -m "$REPORTS")" = "$(realpath -m models/evaluation/stress)" ]; then
    echo "stress-evaluate.sh: validation figures do not go into models/evaluation/stress (the test split's evidence)" >&2
    exit 2
fi
JOBS="${JOBS:-1}"
start=$SECONDS
# The renderings are deterministic: an existing complete set is reused (delete $DATA to render again).
if [ ! -f "$DATA/.complete" ]; then
    /usr/bin/python3 training/stress.py render --images "$HAM/images.tar.gz" --metadata "$HAM/HAM10000_metadata.csv" \
        --split-file training/splits/ham10000.csv --split "$SPLIT" --out "$DATA" --jobs "$JOBS"
    touch "$DATA/.complete"
fi
dotnet build src/SkinLesion.Cli -c Release --nologo -v quiet
mapfile -t renderings < <(/usr/bin/python3 training/stress.py list)
for line in "${renderings[@]}"; do
    name="${line%%$'\t'*}"
    title="${line#*$'\t'}"
    dotnet run --no-build --project src/SkinLesion.Cli -c Release -- evaluate \
        --images "$DATA/$name" --labels "$DATA/$name/labels.csv" --external false \
        --name "stress-$name" --title "$TITLE: $title" --out "$REPORTS/$name" "$@" </dev/null
done
if [ "$SPLIT" = test ]; then
    /usr/bin/python3 training/stress.py table --reports "$REPORTS"
else
    /usr/bin/python3 training/stress.py table --reports "$REPORTS" --print
fi
echo "stress-evaluate.sh: $((SECONDS - start)) s"
