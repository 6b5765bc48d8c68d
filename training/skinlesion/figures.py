"""PNG figures for the model card (matplotlib, imported only here)."""
from __future__ import annotations

import os
from typing import Dict, List

import numpy as np

from . import metrics
from .labels import CODES


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def confusion(cm: np.ndarray, path: str, title: str) -> None:
    plt = _plt()
    norm = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(6.4, 5.6), dpi=110)
    im = ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
    for i in range(cm.shape[0]):
        for j in range(cm.shape[1]):
            ax.text(j, i, f"{cm[i, j]}\n{norm[i, j]:.2f}", ha="center", va="center", fontsize=7,
                    color="white" if norm[i, j] > 0.5 else "black")
    ax.set_xticks(range(len(CODES)), CODES)
    ax.set_yticks(range(len(CODES)), CODES)
    ax.set_xlabel("predicted (shipped decision rule)")
    ax.set_ylabel("true")
    ax.set_title(title, fontsize=10)
    fig.colorbar(im, ax=ax, fraction=0.046, label="row-normalised recall")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def roc(y: np.ndarray, probs: np.ndarray, malignant_y: np.ndarray, malignant_p: np.ndarray, path: str, title: str) -> None:
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6.0, 5.6), dpi=110)
    for c, code in enumerate(CODES):
        fpr, tpr = metrics.roc_curve(y == c, probs[:, c])
        ax.plot(fpr, tpr, lw=1.4, label=f"{code} (AUC {metrics.roc_auc(y == c, probs[:, c]):.3f})")
    fpr, tpr = metrics.roc_curve(malignant_y, malignant_p)
    ax.plot(fpr, tpr, "k--", lw=2, label=f"malignant vs benign (AUC {metrics.roc_auc(malignant_y, malignant_p):.3f})")
    ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls=":")
    ax.set_xlabel("false-positive rate")
    ax.set_ylabel("true-positive rate")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def reliability(y: np.ndarray, before: np.ndarray, after: np.ndarray, path: str, title: str) -> None:
    plt = _plt()
    fig, axes = plt.subplots(1, 2, figsize=(9.6, 4.6), dpi=110, sharey=True)
    for ax, probs, name in ((axes[0], before, "before (T = 1)"), (axes[1], after, "after temperature scaling")):
        edges, rows = metrics.reliability(y, probs)
        centres = (edges[:-1] + edges[1:]) / 2
        acc = np.array([r[1] for r in rows])
        counts = np.array([r[2] for r in rows])
        ax.bar(centres, np.nan_to_num(acc), width=1 / len(centres), edgecolor="black", alpha=0.7, label="accuracy")
        ax.plot([0, 1], [0, 1], "r--", lw=1, label="perfect calibration")
        ax.set_title(f"{name}: ECE {metrics.expected_calibration_error(y, probs):.3f}", fontsize=9)
        ax.set_xlabel("confidence (top-class probability), 15 bins")
        for x, n in zip(centres, counts):
            if n:
                ax.text(x, 0.02, str(n), rotation=90, fontsize=6, ha="center")
    axes[0].set_ylabel("accuracy")
    axes[0].legend(fontsize=8, loc="upper left")
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def training_curves(histories: List[List[Dict]], path: str) -> None:
    plt = _plt()
    fig, axes = plt.subplots(1, 3, figsize=(13, 4), dpi=110)
    colours = plt.get_cmap("tab10")
    for i, history in enumerate(histories):
        epochs = [h["epoch"] for h in history]
        c = colours(i % 10)
        axes[0].plot(epochs, [h["trainLoss"] for h in history], color=c, lw=1, label=f"member {i} train (mixed targets)")
        axes[0].plot(epochs, [h["valLoss"] for h in history], color=c, ls="--", lw=1, label=f"member {i} validation")
        axes[1].plot(epochs, [h["valBalancedAccuracy"] for h in history], color=c, label=f"member {i}")
        axes[2].plot(epochs, [h["valMacroAuc"] for h in history], color=c, label=f"member {i}")
    axes[0].set_title("loss (cross-entropy)", fontsize=10)
    axes[1].set_title("validation balanced accuracy (argmax, EMA weights)", fontsize=10)
    axes[2].set_title("validation macro AUC (EMA weights)", fontsize=10)
    for ax in axes:
        ax.set_xlabel("epoch")
        ax.legend(fontsize=7)
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
