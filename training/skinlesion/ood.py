"""The out-of-distribution distances and the artifact that carries them to the C# scorer.

A distance: the nuisance directions (how a vector moves when only the acquisition changes) are projected
out, then the squared Mahalanobis distance to the nearest of its means is taken under one shrunk covariance,
kept as its top principal components plus one isotropic residual variance. The embedding distance has one
mean per class, the early-stage one a single mean; both are written in the same shape (schema 4), so the
scorer reads every distance with one decoder.

Schema 5 (docs/model-contract.md) adds an optional learned screening head (skinlesion/screening_head.py fits it)
and a per-distance `refuses` flag; this module owns that shape too (`head_fields`, `with_head`, `head_score`), and
the text and manifest entry of every artifact written (`artifact_json`, `manifest_entry`), so the Python side has
one owner of the format as the C# side has (SkinLesion.Inference/Screening).
"""
from __future__ import annotations

import base64
import copy
import hashlib
import json

import numpy as np

ARTIFACT_VERSION = "1.2.0"
SCHEMA_VERSION = 4          # what training/ood.py writes
HEAD_SCHEMA_VERSION = 5     # schema 4 plus `head` and a distance's `refuses` (training/screening_head.py writes it)

# A head feature is a graph output after the nuisance projection of its distance: feature name -> distance key.
HEAD_FEATURES = {"embedding": "embedding", "earlyStatistics": "early"}


def texture(rgb: np.ndarray) -> float:
    """Mean absolute difference of neighbouring luminance values; SkinLesion.Inference.ImageTexture computes the same."""
    luma = rgb.astype(np.float32) @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    horizontal = np.abs(np.diff(luma, axis=1)).mean(dtype=np.float64)
    vertical = np.abs(np.diff(luma, axis=0)).mean(dtype=np.float64)
    return float((horizontal + vertical) / 2)


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
        self.components = components
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


def b64(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array, dtype="<f4").tobytes()).decode("ascii")


def percentiles(scores: np.ndarray, levels: tuple[int, ...]) -> dict[str, float]:
    return {str(q): round(float(np.percentile(scores, q)), 2) for q in levels}


def distance_fields(output: str, method: str, detector: Detector, nuisance: np.ndarray, threshold: float,
                    train_scores: np.ndarray) -> dict:
    """One distance of the artifact (schema 4), in the order the scorer documents it."""
    return {
        "output": output,
        "method": method,
        "dimension": int(detector.basis.shape[1]),
        "components": detector.components,
        "meanCount": int(len(detector.means)),
        "means": b64(detector.means),
        "basis": b64(detector.basis),
        "variances": b64(detector.variances),
        "residualVariance": detector.residual,
        "nuisanceComponents": int(len(nuisance)),
        "nuisanceBasis": b64(nuisance),
        "threshold": threshold,
        "trainScorePercentiles": percentiles(train_scores, (50, 90, 99, 100)),
    }


def decode(text: str, count: int) -> np.ndarray:
    """A base64 little-endian float32 array of the artifact as float64 (what the C# scorer computes with)."""
    values = np.frombuffer(base64.b64decode(text), dtype="<f4").astype(np.float64)
    if len(values) != count:
        raise ValueError(f"array holds {len(values)} float32 values; expected {count}")
    return values


def distance_nuisance(distance: dict) -> np.ndarray:
    """A distance's nuisance basis [nuisanceComponents, dimension] (0 rows when it has none), float64."""
    n, d = int(distance.get("nuisanceComponents", 0)), int(distance["dimension"])
    return decode(distance["nuisanceBasis"], n * d).reshape(n, d) if n else np.zeros((0, d))


def head_fields(mean: np.ndarray, scale: np.ndarray, weights: np.ndarray, bias: float, threshold: float,
                features: list, fit: dict, site_threshold_floor: float | None = None) -> dict:
    """The schema-5 `head`: a logistic regression on the concatenated projected features,
    score = sum(((x - mean) / scale) * weights) + bias; accepted when score >= threshold. The optional
    `siteThresholdFloor` is the lowest threshold a site profile may set in its place (ADR 0034); without it a site
    keeps `threshold`."""
    unknown = [f for f in features if f not in HEAD_FEATURES]
    if unknown or not features or len(set(features)) != len(features):
        raise ValueError(f"head features {features}: each one of {sorted(HEAD_FEATURES)}, at most once")
    dimension = len(mean)
    if not (len(scale) == len(weights) == dimension) or not np.all(np.asarray(scale, dtype="<f4") > 0):
        raise ValueError("mean, scale and weights must have one length, and scale must be positive in float32")
    if not (np.isfinite(bias) and np.isfinite(threshold)):
        raise ValueError("bias and threshold must be finite")
    if site_threshold_floor is not None and not (np.isfinite(site_threshold_floor) and site_threshold_floor <= threshold):
        raise ValueError(f"siteThresholdFloor {site_threshold_floor} must be finite and at most the threshold {threshold}")
    floor = {} if site_threshold_floor is None else {"siteThresholdFloor": float(site_threshold_floor)}
    return {
        "features": list(features),
        "dimension": int(dimension),
        "mean": b64(mean),
        "scale": b64(scale),
        "weights": b64(weights),
        "bias": float(bias),
        "threshold": float(threshold),
        **floor,
        "fit": fit,
    }


def head_arrays(head: dict) -> tuple:
    """mean, scale, weights of a `head` as the scorer reads them (float32 values, as float64)."""
    n = int(head["dimension"])
    return decode(head["mean"], n), decode(head["scale"], n), decode(head["weights"], n)


def head_input(artifact: dict, features: list, outputs: dict) -> np.ndarray:
    """The head's input rows: each feature's raw graph output (outputs[feature], [n, dim]) without its distance's
    nuisance directions, concatenated in the order of `features`."""
    parts = []
    for feature in features:
        distance = artifact["distances"][HEAD_FEATURES[feature]]
        parts.append(project_out(np.asarray(outputs[feature]), distance_nuisance(distance)))
    return np.hstack(parts)


def head_score(artifact: dict, outputs: dict) -> np.ndarray:
    """The score of the artifact's head for raw graph outputs {'embedding': [n, 1280], 'earlyStatistics': [n, 384]},
    from the artifact's arrays, as the C# scorer computes it (float64)."""
    head = artifact["head"]
    mean, scale, weights = head_arrays(head)
    x = head_input(artifact, head["features"], outputs)
    return ((x - mean) / scale) @ weights + head["bias"]


def with_head(artifact: dict, head: dict, version: str, informational: tuple = ("early",)) -> dict:
    """A copy of a schema-4 or -5 artifact as schema 5 with `head`, the distances named in `informational` kept as
    information only (`refuses: false`), every other distance refusing, and `version`. The head's features must have
    their distances and its dimension must be their sum (the C# reader checks the same)."""
    if artifact.get("schemaVersion") not in (SCHEMA_VERSION, HEAD_SCHEMA_VERSION):
        raise ValueError(f"schemaVersion {artifact.get('schemaVersion')}: only a schema {SCHEMA_VERSION} or {HEAD_SCHEMA_VERSION} artifact takes a head")
    out = copy.deepcopy(artifact)
    distances = out["distances"]
    missing = [f for f in head["features"] if HEAD_FEATURES.get(f) not in distances]
    if missing:
        raise ValueError(f"head features {missing} have no distance (their nuisance projection) in the artifact")
    expected = sum(int(distances[HEAD_FEATURES[f]]["dimension"]) for f in head["features"])
    if int(head["dimension"]) != expected:
        raise ValueError(f"head dimension {head['dimension']} is not the sum of its features' dimensions {expected}")
    unknown = [k for k in informational if k not in distances]
    if unknown:
        raise ValueError(f"no distance {unknown} to keep as information only; the artifact has {sorted(distances)}")
    for key, distance in distances.items():
        distance["refuses"] = key not in informational
    out["schemaVersion"] = HEAD_SCHEMA_VERSION
    out["version"] = version
    out["head"] = head
    return out


def artifact_json(artifact: dict) -> str:
    """The artifact's file content; the manifest lists the sha256 of exactly this text."""
    return json.dumps(artifact, indent=2) + "\n"


def manifest_entry(manifest: dict, text: str, version: str, description: str) -> dict:
    """The manifest's `outOfDistribution` section for an artifact written as `text` next to it."""
    return {
        "file": manifest["name"] + "-ood.json",
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "version": version,
        "description": description,
    }
