#!/usr/bin/env python3
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
import base64
import csv
import datetime as dt
import hashlib
import io
import json
import os
import sys
import tarfile

import numpy as np
from PIL import Image

CODES = ["akiec", "bcc", "bkl", "df", "mel", "nv", "vasc"]
MALIGNANT = {"akiec", "bcc", "mel"}
ARTIFACT_VERSION = "1.2.0"
SCHEMA_VERSION = 3


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--embeddings", default=".data/ood",
                   help="folder with ham-train.npy, ham-validation.npy and the evaluate reports ham-train/, "
                        "ham-validation/ (predictions.csv) written by the evaluate command (default: .data/ood)")
    p.add_argument("--images", default="../shared/data/ham10000/images.tar.gz",
                   help="HAM10000 images.tar.gz, read for the validation images' texture (default: %(default)s)")
    p.add_argument("--manifest", default="models/skin-lesion-mobilenetv2.json",
                   help="model manifest to update; the artifact is written next to it (default: %(default)s)")
    p.add_argument("--acquisition", default="acquisition-train",
                   help="name (in --embeddings) of the evaluate report and .npy of training/acquisition.py's renderings of the "
                        "training split, ids <image_id>_a<k>; '' to fit without the nuisance projection (default: %(default)s)")
    p.add_argument("--nuisance-components", type=int, default=16,
                   help="principal directions of (rendered - original) embedding differences projected out before "
                        "scoring (default: %(default)s)")
    p.add_argument("--shrinkage", type=float, default=0.3,
                   help="weight of the mean variance in the shrunk covariance, 0..1 (default: %(default)s)")
    p.add_argument("--components", type=int, default=256,
                   help="principal components kept; the rest share one residual variance (default: %(default)s)")
    p.add_argument("--pass-quantile", type=float, default=99.85,
                   help="percentile of validation scores used as the threshold of each distance (the embedding's and the "
                        "early-stage one); together they must leave >= 97%% of validation passing (default: %(default)s)")
    p.add_argument("--early", default="early",
                   help="suffix of the early-stage statistics files in --embeddings (<name>.<suffix>.npy, written by evaluate "
                        "--early-statistics); '' for no early-stage check (default: %(default)s)")
    p.add_argument("--early-nuisance-components", type=int, default=32,
                   help="nuisance directions projected out of the early-stage statistics (default: %(default)s)")
    p.add_argument("--texture-minimum", type=float, default=0.5,
                   help="texture floor (mean absolute neighbouring-luminance difference, 0-255) (default: %(default)s)")
    p.add_argument("--target-accuracy", type=float, default=0.85,
                   help="validation accuracy the confident (not low-confidence) images must reach (default: %(default)s)")
    p.add_argument("--references", type=int, default=16,
                   help="validation images whose score and texture are stored for the C# parity test (default: %(default)s)")
    return p.parse_args(argv)


def read_predictions(folder: str) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Image ids, label indices, probabilities [N,7], reported class indices and malignant probabilities."""
    with open(os.path.join(folder, "predictions.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    ids = [r["image_id"] for r in rows]
    labels = np.array([CODES.index(r["label"]) for r in rows])
    probabilities = np.array([[float(r[f"p_{c}"]) for c in CODES] for r in rows])
    predicted = np.array([CODES.index(r["predicted"]) for r in rows])
    malignant = np.array([float(r["malignant_probability"]) for r in rows])
    return ids, labels, probabilities, predicted, malignant


def texture(rgb: np.ndarray) -> float:
    """Mean absolute difference of neighbouring luminance values; SkinLesion.Inference.ImageTexture computes the same."""
    luma = rgb.astype(np.float32) @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    horizontal = np.abs(np.diff(luma, axis=1)).mean(dtype=np.float64)
    vertical = np.abs(np.diff(luma, axis=0)).mean(dtype=np.float64)
    return float((horizontal + vertical) / 2)


def validation_textures(archive: str, ids: list[str]) -> np.ndarray:
    wanted = {i: n for n, i in enumerate(ids)}
    values = np.full(len(ids), np.nan)
    with tarfile.open(archive) as tar:
        for member in tar:
            name = os.path.basename(member.name)
            image_id = os.path.splitext(name)[0]
            if not member.isfile() or name.startswith("._") or image_id not in wanted:
                continue
            with Image.open(io.BytesIO(tar.extractfile(member).read())) as image:
                if image.size != (200, 150):
                    raise SystemExit(f"{name} is {image.size[0]}x{image.size[1]}; the texture is defined on the 200x150 model input")
                values[wanted[image_id]] = texture(np.asarray(image.convert("RGB")))
    if np.isnan(values).any():
        missing = [ids[i] for i in np.flatnonzero(np.isnan(values))[:3]]
        raise SystemExit(f"{int(np.isnan(values).sum())} validation images are not in {archive}, e.g. {missing}")
    return values


def nuisance_basis(train_ids: list[str], train_x: np.ndarray, rendered_ids: list[str], rendered_x: np.ndarray,
                   components: int) -> np.ndarray:
    """Top principal directions (uncentred) of how an embedding moves when its image is re-rendered as another
    clinic's equipment would show it: [components, dimension], orthonormal rows, float32."""
    index = {image_id: n for n, image_id in enumerate(train_ids)}
    sources = []
    for image_id in rendered_ids:
        source = image_id.rsplit("_a", 1)[0]
        if source not in index:
            raise SystemExit(f"rendered image {image_id} has no source {source} in the training embeddings")
        sources.append(index[source])
    differences = rendered_x.astype(np.float64) - train_x[sources].astype(np.float64)
    _, _, vt = np.linalg.svd(differences, full_matrices=False)
    return vt[:components].astype(np.float32)


def project_out(embeddings: np.ndarray, basis: np.ndarray) -> np.ndarray:
    """Removes the components along the (float32, orthonormal) rows of basis, as the C# scorer does."""
    x = embeddings.astype(np.float64)
    if len(basis) == 0:
        return x
    b = basis.astype(np.float64)
    return x - (x @ b.T) @ b


class Detector:
    """Class means and a shrunk shared covariance as top components plus an isotropic residual."""

    def __init__(self, embeddings: np.ndarray, labels: np.ndarray, shrinkage: float, components: int):
        x = embeddings.astype(np.float64)
        self.means = np.stack([x[labels == c].mean(axis=0) for c in range(int(labels.max()) + 1)])
        centred = x - self.means[labels]
        covariance = centred.T @ centred / len(x)
        dimension = covariance.shape[0]
        shrunk = (1 - shrinkage) * covariance + shrinkage * (np.trace(covariance) / dimension) * np.eye(dimension)
        eigenvalues, eigenvectors = np.linalg.eigh(shrunk)
        order = np.argsort(eigenvalues)[::-1]
        eigenvalues, eigenvectors = eigenvalues[order], eigenvectors[:, order]
        self.basis = eigenvectors[:, :components].T.astype(np.float32)
        self.variances = eigenvalues[:components].astype(np.float32)
        self.residual = float(eigenvalues[components:].mean()) if components < dimension else 1.0
        self.means = self.means.astype(np.float32)

    def score(self, embeddings: np.ndarray) -> np.ndarray:
        """Squared distance to the nearest class mean, computed as the C# scorer does (from the float32 arrays)."""
        x = embeddings.astype(np.float64)
        basis = self.basis.astype(np.float64)
        inverse = 1.0 / self.variances.astype(np.float64)
        best = np.full(len(x), np.inf)
        for mean in self.means.astype(np.float64):
            d = x - mean
            projected = d @ basis.T
            explained = (projected ** 2).sum(axis=1)
            total = (d ** 2).sum(axis=1)
            best = np.minimum(best, (projected ** 2 * inverse).sum(axis=1) + np.maximum(0, total - explained) / self.residual)
        return best


def fit_early(args: argparse.Namespace, root: str, manifest: dict, train_ids: list[str], val_ids: list[str],
              rendered_ids: list[str]) -> dict:
    """The second distance: one Gaussian over the early-stage statistics of the training split (no class means: the
    early stages describe colour and texture, not the lesion class), after its own nuisance projection from the same
    renderings. Threshold at the same validation percentile as the embedding's."""
    output = manifest["outputs"].get("earlyStatistics")
    if not output:
        raise SystemExit("the manifest names no earlyStatistics output (training/early_statistics.py adds it); pass --early '' to fit without it")

    def load(name: str, expected: int) -> np.ndarray:
        path = os.path.join(root, f"{name}.{args.early}.npy")
        x = np.load(path)
        if len(x) != expected:
            raise SystemExit(f"{path} has {len(x)} rows, its predictions.csv {expected}; re-run evaluate with --early-statistics")
        return x

    train_x = load("ham-train", len(train_ids))
    val_x = load("ham-validation", len(val_ids))
    if rendered_ids and args.early_nuisance_components > 0:
        rendered_x = load(args.acquisition, len(rendered_ids))
        nuisance = nuisance_basis(train_ids, train_x, rendered_ids, rendered_x, args.early_nuisance_components)
    else:
        nuisance = np.zeros((0, train_x.shape[1]), dtype=np.float32)
    train_p, val_p = project_out(train_x, nuisance), project_out(val_x, nuisance)
    dimension = int(train_x.shape[1])
    detector = Detector(train_p, np.zeros(len(train_p), dtype=int), args.shrinkage, dimension)
    val_scores = detector.score(val_p)
    threshold = float(np.percentile(val_scores, args.pass_quantile))
    return {
        "threshold": threshold,
        "validationScores": val_scores,
        "artifact": {
            "output": output,
            "method": f"early-stage statistics (training/skinlesion/early.py) without their {len(nuisance)} nuisance directions; "
                      "squared Mahalanobis distance to the mean of the HAM10000 training split under its covariance shrunk "
                      f"towards its mean variance (shrinkage {args.shrinkage}), all components kept",
            "dimension": dimension,
            "components": dimension,
            "meanCount": 1,
            "means": b64(detector.means),
            **distance_fields(detector, nuisance, threshold),
            "trainScorePercentiles": {str(q): round(float(np.percentile(detector.score(train_p), q)), 2) for q in (50, 90, 99, 100)},
        },
    }


def distance_fields(detector: Detector, nuisance: np.ndarray, threshold: float) -> dict:
    """The artifact fields both distances share, in the order the artifact has always written them."""
    return {
        "basis": b64(detector.basis),
        "variances": b64(detector.variances),
        "residualVariance": detector.residual,
        "nuisanceComponents": int(len(nuisance)),
        "nuisanceBasis": b64(nuisance),
        "threshold": threshold,
    }


def b64(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array, dtype="<f4").tobytes()).decode("ascii")


def choose_min_top(top: np.ndarray, correct: np.ndarray, target: float) -> tuple[float, list[dict]]:
    grid = [round(v, 2) for v in np.arange(0.20, 0.801, 0.05)]
    table = []
    chosen = None
    for tau in grid:
        kept = top >= tau
        accuracy = float(correct[kept].mean()) if kept.any() else float("nan")
        table.append({"minTopProbability": tau, "coverage": round(float(kept.mean()), 4), "accuracyKept": round(accuracy, 4)})
        if chosen is None and accuracy >= target:
            chosen = tau
    if chosen is None:
        raise SystemExit(f"no minimum top probability on the grid reaches validation accuracy {target}")
    return chosen, table


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    root = args.embeddings
    train_ids, train_labels, *_ = read_predictions(os.path.join(root, "ham-train"))
    val_ids, val_labels, val_p, val_pred, val_mal = read_predictions(os.path.join(root, "ham-validation"))
    train_x = np.load(os.path.join(root, "ham-train.npy"))
    val_x = np.load(os.path.join(root, "ham-validation.npy"))
    if len(train_x) != len(train_ids) or len(val_x) != len(val_ids):
        raise SystemExit("embeddings and predictions.csv disagree in length; re-run evaluate with --embeddings")

    with open(args.manifest) as f:
        manifest = json.load(f)
    if [l["code"] for l in manifest["labels"]] != CODES:
        raise SystemExit("the manifest's labels are not " + ", ".join(CODES))

    # Both distances take their nuisance directions from the same renderings (fit_early reads its own statistics).
    rendered_ids = read_predictions(os.path.join(root, args.acquisition))[0] if args.acquisition else []
    if rendered_ids and args.nuisance_components > 0:
        rendered_x = np.load(os.path.join(root, args.acquisition + ".npy"))
        if len(rendered_x) != len(rendered_ids):
            raise SystemExit(f"{args.acquisition}.npy and its predictions.csv disagree in length")
        nuisance = nuisance_basis(train_ids, train_x, rendered_ids, rendered_x, args.nuisance_components)
    else:
        nuisance = np.zeros((0, train_x.shape[1]), dtype=np.float32)
    train_x = project_out(train_x, nuisance)
    val_x = project_out(val_x, nuisance)

    detector = Detector(train_x, train_labels, args.shrinkage, args.components)
    val_scores = detector.score(val_x)
    train_scores = detector.score(train_x)
    threshold = float(np.percentile(val_scores, args.pass_quantile))
    val_texture = validation_textures(args.images, val_ids)
    passes = (val_scores <= threshold) & (val_texture >= args.texture_minimum)
    early = fit_early(args, root, manifest, train_ids, val_ids, rendered_ids) if args.early else None
    if early is not None:
        passes &= early["validationScores"] <= early["threshold"]
    if passes.mean() < 0.97:
        raise SystemExit(f"only {passes.mean():.4f} of validation passes; the threshold must pass at least 97%")

    top = val_p[np.arange(len(val_p)), val_pred]
    correct = val_pred == val_labels
    min_top, grid = choose_min_top(top[passes], correct[passes], args.target_accuracy)
    threshold_malignant = float(manifest["malignantThreshold"]["value"])
    borderline_to = 0.5
    is_malignant = np.isin(val_labels, [CODES.index(c) for c in MALIGNANT])
    low = top < min_top
    borderline = (val_mal >= threshold_malignant) & (val_mal < borderline_to)
    uncertain = passes & (low | borderline)
    confident = passes & ~uncertain

    references = np.linspace(0, len(val_ids) - 1, args.references).round().astype(int)
    directory = os.path.dirname(os.path.abspath(args.manifest))
    artifact_name = manifest["name"] + "-ood.json"
    artifact = {
        "schemaVersion": SCHEMA_VERSION,
        "name": manifest["name"] + "-ood",
        "version": ARTIFACT_VERSION,
        "created": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "modelSha256": manifest["sha256"],
        "embeddingOutput": manifest["outputs"]["embedding"],
        "method": f"embedding without its {len(nuisance)} nuisance directions (how embeddings move when training images "
                  "are re-rendered as other clinics' equipment shows them, training/acquisition.py); then the "
                  "squared Mahalanobis distance to the nearest class mean; shared covariance of the "
                  f"HAM10000 training split shrunk towards its mean variance (shrinkage {args.shrinkage}), kept as its top "
                  f"{args.components} principal components plus one isotropic residual variance",
        "dimension": int(train_x.shape[1]),
        "components": args.components,
        "labels": CODES,
        "classMeans": b64(detector.means),
        **distance_fields(detector, nuisance, threshold),
        "textureMinimum": args.texture_minimum,
        "fit": {
            "split": "train",
            "images": int(len(train_x)),
            "splitFile": manifest["split"]["file"],
            "splitSha256": manifest["split"]["sha256"],
            "shrinkage": args.shrinkage,
            "renderedImages": len(rendered_ids),
            "trainScorePercentiles": {str(q): round(float(np.percentile(train_scores, q)), 2) for q in (50, 90, 99, 100)},
        },
        "validation": {
            "images": int(len(val_x)),
            "thresholdRule": f"percentile {args.pass_quantile} of the validation split's scores",
            "passRate": round(float(passes.mean()), 4),
            "passRateDistance": round(float((val_scores <= threshold).mean()), 4),
            "passRateTexture": round(float((val_texture >= args.texture_minimum).mean()), 4),
            "textureMinimumObserved": round(float(val_texture.min()), 4),
            "scorePercentiles": {str(q): round(float(np.percentile(val_scores, q)), 2) for q in (50, 90, 97, 99, 100)},
        },
        "reference": [{"imageId": val_ids[i], "score": float(val_scores[i]), "texture": float(val_texture[i]),
                       **({"earlyScore": float(early["validationScores"][i])} if early is not None else {})} for i in references],
    }
    if early is not None:
        artifact["early"] = early["artifact"]
        artifact["validation"]["passRateEarly"] = round(float((early["validationScores"] <= early["threshold"]).mean()), 4)
        artifact["validation"]["earlyScorePercentiles"] = {str(q): round(float(np.percentile(early["validationScores"], q)), 2)
                                                           for q in (50, 90, 97, 99, 100)}
    artifact_text = json.dumps(artifact, indent=2) + "\n"
    with open(os.path.join(directory, artifact_name), "w") as f:
        f.write(artifact_text)

    manifest["outOfDistribution"] = {
        "file": artifact_name,
        "sha256": hashlib.sha256(artifact_text.encode("utf-8")).hexdigest(),
        "version": ARTIFACT_VERSION,
        "description": "Refuses images unlike the training data: embedding distance above its threshold"
                       + (", or early-stage statistics distance above its threshold" if early is not None else "")
                       + f" (each at validation percentile {args.pass_quantile}), or texture below {args.texture_minimum}. "
                       "Fitted by training/ood.py.",
    }
    manifest["uncertainty"] = {
        "minTopProbability": min_top,
        "borderlineFrom": threshold_malignant,
        "borderlineTo": borderline_to,
        "chosenOn": "validation",
        "description": "Uncertain when the reported class's calibrated probability is below minTopProbability (the smallest "
                       f"grid value whose confident validation images reach accuracy {args.target_accuracy}), or when the "
                       "verdict is malignant by the threshold while the calibrated malignant probability is below 0.5.",
        "validation": {
            "accepted": int(passes.sum()),
            "uncertainRate": round(float(uncertain.sum() / passes.sum()), 4),
            "lowConfidenceRate": round(float((passes & low).sum() / passes.sum()), 4),
            "borderlineRate": round(float((passes & borderline).sum() / passes.sum()), 4),
            "accuracyConfident": round(float(correct[confident].mean()), 4),
            "accuracyUncertain": round(float(correct[uncertain].mean()), 4),
            "malignantFractionBorderline": round(float(is_malignant[passes & borderline].mean()), 4),
            "grid": grid,
        },
    }
    with open(args.manifest, "w") as f:
        f.write(json.dumps(manifest, indent=2) + "\n")

    print(json.dumps({"threshold": threshold, "validation": artifact["validation"], "uncertainty": {k: v for k, v in manifest["uncertainty"]["validation"].items() if k != "grid"},
                      "minTopProbability": min_top, "artifactBytes": len(artifact_text)}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
