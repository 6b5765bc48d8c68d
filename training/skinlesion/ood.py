"""The out-of-distribution distances and the artifact that carries them to the C# scorer.

A distance: the nuisance directions (how a vector moves when only the acquisition changes) are projected
out, then the squared Mahalanobis distance to the nearest of its means is taken under one shrunk covariance,
kept as its top principal components plus one isotropic residual variance. The embedding distance has one
mean per class, the early-stage one a single mean; both are written in the same shape (schema 4), so the
scorer reads every distance with one decoder.
"""
from __future__ import annotations

import base64

import numpy as np

ARTIFACT_VERSION = "1.2.0"
SCHEMA_VERSION = 4


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
