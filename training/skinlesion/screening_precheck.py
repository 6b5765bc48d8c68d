"""What training/screening-precheck.sh needs besides the fits it runs (ADR 0041): the candidate's manifest made ready for
them, and the table of its development figures beside the shipped model's."""
from __future__ import annotations

import argparse
import json
import os

# The photo-extra sources of the fitting negatives (wallpapers, scikit-learn's sample photographs).
PHOTO_EXTRA = ("plasma-workspace-wallpapers:", "lomiri-wallpapers-20.04:", "python3-sklearn:")

ROWS = ["head threshold (logit)", "development negatives refused", "lowest development group",
        "leave-one-source-out refusal, mean", "the same, photo-extra sources", "development dermoscopy accepted"]


def candidate_manifest(candidate: dict, shipped: dict) -> dict:
    """The training run's manifest lacks what is fitted after it (the distances and the uncertainty band: fit-ood.sh)
    and what it does not own (the segmentation graph, the clinical fields): those come from the shipped manifest."""
    merged = dict(candidate)
    for key in ("segmentation", "clinical"):
        if key in shipped and key not in merged:
            merged[key] = shipped[key]
    for key in ("outOfDistribution", "uncertainty"):
        merged.pop(key, None)
    return merged


def column(out: str, sha: str) -> list | None:
    """One model's development figures from its precheck artifact and generalisation study in out; None before both exist."""
    artifact, gen = os.path.join(out, f"precheck-{sha}-ood.json"), os.path.join(out, f"generalisation-{sha}.json")
    if not (os.path.exists(artifact) and os.path.exists(gen)):
        return None
    with open(artifact) as f:
        head = json.load(f)["head"]
    with open(gen) as f:
        loso = next(iter(json.load(f).values()))
    dev = head["fit"]["development"]
    refused = {g: v for g, v in dev["negativesRefused"].items() if g != "all"}
    lowest = min(refused, key=refused.get)
    extra = [v["refused"] for unit, v in loso["units"].items() if unit.startswith(PHOTO_EXTRA)]
    return [f"{head['threshold']:.3f}", f"{dev['negativesRefused']['all']:.3f}", f"{lowest} {refused[lowest]:.3f}",
            f"{loso['mean']:.3f}", f"{sum(extra) / len(extra):.3f}" if extra else "-",
            " / ".join(f"{v:.3f}" for v in dev["accepted"].values())]


def table(out: str, sha: str, shipped: str) -> str:
    """The Markdown table of the candidate's figures, beside the shipped model's when its precheck has been run."""
    cols = [(f"candidate {sha}", column(out, sha) or ["(no precheck figures)"] + [""] * (len(ROWS) - 1))]
    if shipped != sha:
        cols.append((f"shipped {shipped}", column(out, shipped) or ["(run this script on models/)"] + [""] * (len(ROWS) - 1)))
    lines = ["| development figure | " + " | ".join(name for name, _ in cols) + " |", "| --- |" + " --- |" * len(cols)]
    lines += [f"| {row} | " + " | ".join(values[i] for _, values in cols) + " |" for i, row in enumerate(ROWS)]
    return "\n".join(lines)


def precheck_manifest(args: argparse.Namespace) -> int:
    with open(args.candidate) as f:
        candidate = json.load(f)
    with open(args.shipped) as f:
        shipped = json.load(f)
    with open(args.out, "w") as f:
        json.dump(candidate_manifest(candidate, shipped), f, indent=2)
    return 0


def precheck_table(args: argparse.Namespace) -> int:
    print(table(args.folder, args.sha, args.shipped))
    return 0
