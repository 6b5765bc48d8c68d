# Sourced by training/fit-screening.sh and training/screening-study.sh (not run alone): `embed` writes one image
# set's embeddings and early-stage statistics through the served C# pipeline (evaluate --embeddings
# --early-statistics) into "$EMB", skipping a set whose files already exist and are newer than its labels (a label file
# written again, e.g. by `screening_head.py prepare` with other images left out, makes the set's embeddings again).
embed() {  # name images labels [split split-file]
    local name="$1" images="$2" labels="$3"; shift 3
    [ -f "$EMB/$name.early.npy" ] && [ "$EMB/$name.early.npy" -nt "$labels" ] && return 0
    local split=()
    [ $# -eq 2 ] && split=(--split "$1" --split-file "$2")
    dotnet run --no-build --project src/SkinLesion.Cli -c Release -- evaluate --images "$images" --labels "$labels" "${split[@]}" \
        --out "$EMB/$name" --bootstrap 1 --embeddings "$EMB/$name.npy" --early-statistics "$EMB/$name.early.npy" > "$EMB/$name.log"
}
