"""Fit the out-of-distribution check and the uncertainty band of the shipped model.

Runs on Debian's Python (/usr/bin/python3 with python3-numpy and python3-pil); no torch, no GPU.
Its inputs are the embeddings the *served* pipeline computes, written by the C# evaluate command,
so the check is fitted on exactly the numbers it will score (training/fit-ood.sh runs every step):

    dotnet run --project src/SkinLesion.Cli -c Release -- evaluate \\
        --images ../shared/data/ham10000/images.tar.gz --labels ../shared/data/ham10000/HAM10000_metadata.csv \\
        --split train --split-file training/splits/ham10000.csv \\
        --out .data/ood/ham-train --embeddings .data/ood/ham-train.npy      # and again for validation
    /usr/bin/python3 training/acquisition.py --out .data/ood/acquisition   # then evaluate its train split
        # into .data/ood/acquisition-train (see training/fit-ood.sh)
    /usr/bin/python3 training/ood.py --embeddings .data/ood --images ../shared/data/ham10000/images.tar.gz
    (each evaluate run also with --early-statistics .data/ood/<name>.early.npy)

Nuisance projection: training/acquisition.py re-renders the training images as other clinics' equipment
shows them (calibration stickers, rulers, a dermoscope's rim, zoom, white balance, square archives); the
top principal directions of (rendered - original) embedding differences are removed from every embedding
before it is scored, so the score stops counting acquisition differences as "unlike the training data".

Out-of-distribution score: the squared Mahalanobis distance of the embedding to the nearest class mean
(Lee et al., NeurIPS 2018) under one covariance shared by the classes, fitted on the training split,
shrunk towards its mean variance and kept as its top principal components plus one isotropic
residual variance, so the artifact stays small. A second distance of the same kind (one mean, all
components, its own nuisance projection) scores the model's early-stage statistics
(training/skinlesion/early.py; evaluate --early-statistics writes them): what the first stages see,
local colour and texture, which the embedding no longer distinguishes (a fundus photograph sits among
nevi in the embedding, not in the early stages). Each threshold is the same quantile of the *validation*
split's scores; an image must pass both (at least 97% of validation images must). Beside it, a texture floor refuses
blank, solid and smoothly shaded images, which carry no skin texture and can land anywhere in
embedding space.

Uncertainty: an accepted image is "uncertain" when the reported class's calibrated probability is
below a minimum chosen on validation (the smallest value on a grid whose remaining validation images
reach the target accuracy), or when the verdict is malignant by the threshold while the calibrated
malignant probability is still below 0.5 (more likely benign than not; the threshold is low by design
for sensitivity).

Writes models/<model>-ood.json and adds `outOfDistribution` and `uncertainty` to the manifest. The
test split is not read.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
from dataclasses import dataclass
from typing import Callable

import numpy as np
from PIL import Image

from .data import decode, iter_archive, read_csv
from .labels import CODES, INDEX
from .ood import (ARTIFACT_VERSION, SCHEMA_VERSION, Detector, artifact_json, distance_fields, manifest_entry, nuisance_basis,
                  percentiles, project_out, texture)
from .uncertainty import uncertainty_band


class HelpFormatter(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
    """The module's text as written, and every option's default after its help."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=HelpFormatter)
    p.add_argument("--embeddings", default=".data/ood",
                   help="folder with ham-train.npy, ham-validation.npy and the evaluate reports ham-train/, "
                        "ham-validation/ (predictions.csv) written by the evaluate command")
    p.add_argument("--images", default="../shared/data/ham10000/images.tar.gz",
                   help="HAM10000 images.tar.gz, read for the validation images' texture")
    p.add_argument("--manifest", default="models/skin-lesion-mobilenetv2.json",
                   help="model manifest to update; the artifact is written next to it")
    p.add_argument("--acquisition", default="acquisition-train",
                   help="name (in --embeddings) of the evaluate report and .npy of training/acquisition.py's renderings of the "
                        "training split, ids <image_id>_a<k>; '' to fit without the nuisance projection")
    p.add_argument("--nuisance-components", type=int, default=16,
                   help="principal directions of (rendered - original) embedding differences projected out before scoring")
    p.add_argument("--shrinkage", type=float, default=0.3, help="weight of the mean variance in the shrunk covariance, 0..1")
    p.add_argument("--components", type=int, default=256,
                   help="principal components kept; the rest share one residual variance")
    p.add_argument("--pass-quantile", type=float, default=99.85,
                   help="percentile of validation scores used as the threshold of each distance (the embedding's and the "
                        "early-stage one); together they must leave >= 97%% of validation passing")
    p.add_argument("--early", default="early",
                   help="suffix of the early-stage statistics files in --embeddings (<name>.<suffix>.npy, written by evaluate "
                        "--early-statistics); '' for no early-stage check")
    p.add_argument("--early-nuisance-components", type=int, default=32,
                   help="nuisance directions projected out of the early-stage statistics")
    p.add_argument("--texture-minimum", type=float, default=0.5,
                   help="texture floor (mean absolute neighbouring-luminance difference, 0-255)")
    p.add_argument("--target-accuracy", type=float, default=0.85,
                   help="validation accuracy the confident (not low-confidence) images must reach")
    p.add_argument("--references", type=int, default=16,
                   help="validation images whose score and texture are stored for the C# parity test")
    return p.parse_args(argv)


@dataclass
class Predictions:
    """One evaluate report (predictions.csv): image ids, label indices, probabilities [N,7], reported class indices
    and malignant probabilities."""
    ids: list[str]
    labels: np.ndarray
    probabilities: np.ndarray
    predicted: np.ndarray
    malignant: np.ndarray


def read_predictions(folder: str) -> Predictions:
    rows = read_csv(os.path.join(folder, "predictions.csv"))
    return Predictions(ids=[r["image_id"] for r in rows],
                       labels=np.array([INDEX[r["label"]] for r in rows]),
                       probabilities=np.array([[float(r[f"p_{c}"]) for c in CODES] for r in rows]),
                       predicted=np.array([INDEX[r["predicted"]] for r in rows]),
                       malignant=np.array([float(r["malignant_probability"]) for r in rows]))


@dataclass
class Inputs:
    """What the evaluate command wrote for the fit, and the manifest of the model it is for."""
    manifest: dict
    train: Predictions
    validation: Predictions
    train_x: np.ndarray
    val_x: np.ndarray
    rendered_ids: list[str]


def read_inputs(args: argparse.Namespace) -> Inputs:
    root = args.embeddings
    train = read_predictions(os.path.join(root, "ham-train"))
    validation = read_predictions(os.path.join(root, "ham-validation"))
    train_x = np.load(os.path.join(root, "ham-train.npy"))
    val_x = np.load(os.path.join(root, "ham-validation.npy"))
    if len(train_x) != len(train.ids) or len(val_x) != len(validation.ids):
        raise SystemExit("embeddings and predictions.csv disagree in length; re-run evaluate with --embeddings")
    with open(args.manifest) as f:
        manifest = json.load(f)
    if [l["code"] for l in manifest["labels"]] != CODES:
        raise SystemExit("the manifest's labels are not " + ", ".join(CODES))
    # Both distances take their nuisance directions from the same renderings.
    rendered_ids = read_predictions(os.path.join(root, args.acquisition)).ids if args.acquisition else []
    return Inputs(manifest, train, validation, train_x, val_x, rendered_ids)


def validation_textures(archive: str, ids: list[str]) -> np.ndarray:
    wanted = {i: n for n, i in enumerate(ids)}
    values = np.full(len(ids), np.nan)
    for image_id, encoded in iter_archive(archive, wanted):
        with Image.open(io.BytesIO(encoded)) as image:
            if image.size != (200, 150):
                raise SystemExit(f"{image_id} is {image.size[0]}x{image.size[1]}; the texture is defined on the 200x150 model input")
        # Decoded as the service decodes it (the shared rule), not by a second reading of the file.
        values[wanted[image_id]] = texture(decode(encoded))
    if np.isnan(values).any():
        missing = [ids[i] for i in np.flatnonzero(np.isnan(values))[:3]]
        raise SystemExit(f"{int(np.isnan(values).sum())} validation images are not in {archive}, e.g. {missing}")
    return values


@dataclass
class FittedDistance:
    fields: dict  # the distance as the artifact describes it
    validation_scores: np.ndarray

    @property
    def threshold(self) -> float:
        return self.fields["threshold"]


def nuisance_directions(components: int, inputs: Inputs, train_x: np.ndarray,
                        load_rendered: Callable[[], np.ndarray]) -> np.ndarray:
    """The nuisance basis from the renderings, or none (0 rows) without renderings or components."""
    if inputs.rendered_ids and components > 0:
        return nuisance_basis(inputs.train.ids, train_x, inputs.rendered_ids, load_rendered(), components)
    return np.zeros((0, train_x.shape[1]), dtype=np.float32)


def fit_distance(output: str, method: str, train_x: np.ndarray, val_x: np.ndarray, labels: np.ndarray,
                 nuisance: np.ndarray, args: argparse.Namespace, components: int) -> FittedDistance:
    """Fits on the training split; the threshold is the --pass-quantile percentile of the validation split's scores."""
    train_p, val_p = project_out(train_x, nuisance), project_out(val_x, nuisance)
    detector = Detector(train_p, labels, args.shrinkage, components)
    val_scores = detector.score(val_p)
    threshold = float(np.percentile(val_scores, args.pass_quantile))
    return FittedDistance(distance_fields(output, method, detector, nuisance, threshold, detector.score(train_p)), val_scores)


def fit_embedding(args: argparse.Namespace, inputs: Inputs) -> FittedDistance:
    """The first distance: class means of the projected embedding under one shared covariance."""
    def load_rendered() -> np.ndarray:
        rendered_x = np.load(os.path.join(args.embeddings, args.acquisition + ".npy"))
        if len(rendered_x) != len(inputs.rendered_ids):
            raise SystemExit(f"{args.acquisition}.npy and its predictions.csv disagree in length")
        return rendered_x

    nuisance = nuisance_directions(args.nuisance_components, inputs, inputs.train_x, load_rendered)
    method = (f"embedding without its {len(nuisance)} nuisance directions (how embeddings move when training images "
              "are re-rendered as other clinics' equipment shows them, training/acquisition.py); then the "
              "squared Mahalanobis distance to the nearest class mean; shared covariance of the "
              f"HAM10000 training split shrunk towards its mean variance (shrinkage {args.shrinkage}), kept as its top "
              f"{args.components} principal components plus one isotropic residual variance")
    return fit_distance(inputs.manifest["outputs"]["embedding"], method, inputs.train_x, inputs.val_x, inputs.train.labels,
                        nuisance, args, args.components)


def fit_early(args: argparse.Namespace, inputs: Inputs) -> FittedDistance:
    """The second distance: one Gaussian over the early-stage statistics of the training split (no class means: the
    early stages describe colour and texture, not the lesion class), after its own nuisance projection from the same
    renderings. Threshold at the same validation percentile as the embedding's."""
    output = inputs.manifest["outputs"].get("earlyStatistics")
    if not output:
        raise SystemExit("the manifest names no earlyStatistics output (training/early_statistics.py adds it); pass --early '' to fit without it")

    def load(name: str, expected: int) -> np.ndarray:
        path = os.path.join(args.embeddings, f"{name}.{args.early}.npy")
        x = np.load(path)
        if len(x) != expected:
            raise SystemExit(f"{path} has {len(x)} rows, its predictions.csv {expected}; re-run evaluate with --early-statistics")
        return x

    train_x = load("ham-train", len(inputs.train.ids))
    val_x = load("ham-validation", len(inputs.validation.ids))
    nuisance = nuisance_directions(args.early_nuisance_components, inputs, train_x,
                                   lambda: load(args.acquisition, len(inputs.rendered_ids)))
    dimension = int(train_x.shape[1])
    method = (f"early-stage statistics (training/skinlesion/early.py) without their {len(nuisance)} nuisance directions; "
              "squared Mahalanobis distance to the mean of the HAM10000 training split under its covariance shrunk "
              f"towards its mean variance (shrinkage {args.shrinkage}), all components kept")
    return fit_distance(output, method, train_x, val_x, np.zeros(len(train_x), dtype=int), nuisance, args, dimension)


def validation_passes(args: argparse.Namespace, embedding: FittedDistance, early: FittedDistance | None,
                      val_texture: np.ndarray) -> np.ndarray:
    """Which validation images the fitted check accepts; it must accept at least 97% of them."""
    passes = (embedding.validation_scores <= embedding.threshold) & (val_texture >= args.texture_minimum)
    if early is not None:
        passes &= early.validation_scores <= early.threshold
    if passes.mean() < 0.97:
        raise SystemExit(f"only {passes.mean():.4f} of validation passes; the threshold must pass at least 97%")
    return passes


def validation_summary(args: argparse.Namespace, embedding: FittedDistance, early: FittedDistance | None,
                       val_texture: np.ndarray, passes: np.ndarray) -> dict:
    summary = {
        "images": int(len(val_texture)),
        "thresholdRule": f"percentile {args.pass_quantile} of the validation split's scores",
        "passRate": round(float(passes.mean()), 4),
        "passRateDistance": round(float((embedding.validation_scores <= embedding.threshold).mean()), 4),
        "passRateTexture": round(float((val_texture >= args.texture_minimum).mean()), 4),
        "textureMinimumObserved": round(float(val_texture.min()), 4),
        "scorePercentiles": percentiles(embedding.validation_scores, (50, 90, 97, 99, 100)),
    }
    if early is not None:
        summary["passRateEarly"] = round(float((early.validation_scores <= early.threshold).mean()), 4)
        summary["earlyScorePercentiles"] = percentiles(early.validation_scores, (50, 90, 97, 99, 100))
    return summary


def reference_images(args: argparse.Namespace, val_ids: list[str], embedding: FittedDistance, early: FittedDistance | None,
                     val_texture: np.ndarray) -> list[dict]:
    """Validation images spread over the split, with what numpy computed for them, for the C# parity test."""
    picked = np.linspace(0, len(val_ids) - 1, args.references).round().astype(int)
    return [{"imageId": val_ids[i], "score": float(embedding.validation_scores[i]), "texture": float(val_texture[i]),
             **({"earlyScore": float(early.validation_scores[i])} if early is not None else {})} for i in picked]


def build_artifact(args: argparse.Namespace, inputs: Inputs, embedding: FittedDistance, early: FittedDistance | None,
                   val_texture: np.ndarray, passes: np.ndarray) -> dict:
    """The artifact in schema 4: every distance in one shape under "distances", keyed by its role."""
    manifest = inputs.manifest
    distances = {"embedding": embedding.fields, **({"early": early.fields} if early is not None else {})}
    return {
        "schemaVersion": SCHEMA_VERSION,
        "name": manifest["name"] + "-ood",
        "version": ARTIFACT_VERSION,
        "created": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "modelSha256": manifest["sha256"],
        "labels": CODES,
        "textureMinimum": args.texture_minimum,
        "distances": distances,
        "fit": {
            "split": "train",
            "images": int(len(inputs.train_x)),
            "splitFile": manifest["split"]["file"],
            "splitSha256": manifest["split"]["sha256"],
            "shrinkage": args.shrinkage,
            "renderedImages": len(inputs.rendered_ids),
        },
        "validation": validation_summary(args, embedding, early, val_texture, passes),
        "reference": reference_images(args, inputs.validation.ids, embedding, early, val_texture),
    }


def write_artifact(args: argparse.Namespace, manifest: dict, artifact: dict) -> str:
    """Writes the artifact next to the manifest; returns its text, whose sha256 the manifest lists."""
    text = artifact_json(artifact)
    directory = os.path.dirname(os.path.abspath(args.manifest))
    with open(os.path.join(directory, manifest["name"] + "-ood.json"), "w") as f:
        f.write(text)
    return text


def update_manifest(args: argparse.Namespace, manifest: dict, artifact_text: str, has_early: bool, uncertainty: dict) -> None:
    manifest["outOfDistribution"] = manifest_entry(
        manifest, artifact_text, ARTIFACT_VERSION,
        "Refuses images unlike the training data: embedding distance above its threshold"
        + (", or early-stage statistics distance above its threshold" if has_early else "")
        + f" (each at validation percentile {args.pass_quantile}), or texture below {args.texture_minimum}. "
        "Fitted by training/ood.py.")
    manifest["uncertainty"] = uncertainty
    with open(args.manifest, "w") as f:
        f.write(json.dumps(manifest, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    inputs = read_inputs(args)
    embedding = fit_embedding(args, inputs)
    val_texture = validation_textures(args.images, inputs.validation.ids)
    early = fit_early(args, inputs) if args.early else None
    passes = validation_passes(args, embedding, early, val_texture)
    validation = inputs.validation
    uncertainty = uncertainty_band(validation.probabilities, validation.predicted, validation.labels, validation.malignant,
                                   passes, float(inputs.manifest["malignantThreshold"]["value"]), args.target_accuracy)
    artifact = build_artifact(args, inputs, embedding, early, val_texture, passes)
    artifact_text = write_artifact(args, inputs.manifest, artifact)
    update_manifest(args, inputs.manifest, artifact_text, early is not None, uncertainty)
    print(json.dumps({"threshold": embedding.threshold, "validation": artifact["validation"],
                      "uncertainty": {k: v for k, v in uncertainty["validation"].items() if k != "grid"},
                      "minTopProbability": uncertainty["minTopProbability"], "artifactBytes": len(artifact_text)}, indent=2))
    return 0
