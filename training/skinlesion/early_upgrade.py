"""Add the `early_statistics` output (training/skinlesion/early.py) to a shipped model, in place.

    /usr/bin/python3 training/early_statistics.py --manifest models/skin-lesion-mobilenetv2.json

Only an output is added: every existing output keeps its value bit for bit. The manifest gets the new
sha256, sizeBytes, outputs.earlyStatistics and the next minor version, and loses its outOfDistribution section (fitted for the
old sha256); reference-predictions.json next to it gets the new sha256.
train.py adds the output itself on every export, so this is for a model exported before it did. The
out-of-distribution artifact names the model's sha256, so refit it afterwards (training/fit-ood.sh).
Runs on Debian's Python with python3-onnx.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os

from .early import OUTPUT_NAME, add_early_statistics


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--manifest", required=True, help="model manifest JSON; its file is rewritten")
    return parser.parse_args(argv)


def add_output_in_place(path: str, expected_sha256: str) -> bytes:
    """Adds the output to the ONNX file, which must be the one the manifest names; returns the new file's bytes."""
    import onnx

    with open(path, "rb") as f:
        if hashlib.sha256(f.read()).hexdigest() != expected_sha256:
            raise SystemExit(f"{path} does not match the manifest's sha256; refusing to edit an unknown file")
    model = onnx.load(path)
    try:
        add_early_statistics(model)
    except ValueError as e:
        raise SystemExit(f"{path}: {e}")
    onnx.save(model, path)
    with open(path, "rb") as f:
        return f.read()


def describe_new_version(manifest: dict, new_sha256: str, size: int) -> None:
    manifest["sha256"], manifest["sizeBytes"] = new_sha256, size
    manifest["outputs"]["earlyStatistics"] = OUTPUT_NAME
    # A new output is a minor version: every existing output, and so every reported figure, is unchanged.
    major, minor, _ = (int(v) for v in manifest["version"].split("."))
    old_version, manifest["version"] = manifest["version"], f"{major}.{minor + 1}.0"
    manifest["description"] = (manifest["description"].rstrip(".") + f". {manifest['version']} adds the {OUTPUT_NAME} output "
                               f"(training/skinlesion/early.py) to {old_version}; every other output is unchanged.")
    # The artifact names the old sha256, and the service refuses to start with it; training/fit-ood.sh
    # computes embeddings without it and writes the new one.
    manifest.pop("outOfDistribution", None)


def update_reference_predictions(folder: str, old_sha256: str, manifest: dict) -> None:
    reference = os.path.join(folder, "reference-predictions.json")
    if os.path.exists(reference):
        with open(reference) as f:
            ref = json.load(f)
        if ref.get("sha256") == old_sha256:
            ref["sha256"], ref["version"] = manifest["sha256"], manifest["version"]
            with open(reference, "w") as f:
                json.dump(ref, f, indent=1)
                f.write("\n")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with open(args.manifest) as f:
        manifest = json.load(f)
    folder = os.path.dirname(os.path.abspath(args.manifest))
    path = os.path.join(folder, manifest["file"])
    old = manifest["sha256"]
    new_bytes = add_output_in_place(path, old)
    new = hashlib.sha256(new_bytes).hexdigest()
    describe_new_version(manifest, new, len(new_bytes))
    with open(args.manifest, "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    update_reference_predictions(folder, old, manifest)
    print(f"{path}: output {OUTPUT_NAME} added; sha256 {old[:12]}… -> {new[:12]}…; refit the out-of-distribution artifact next")
    return 0
