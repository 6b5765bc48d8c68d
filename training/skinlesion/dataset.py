"""The images every training run holds in memory: HAM10000 by its committed split, the extra training sources by theirs,
and the external sets evaluated once at the end (skinlesion/pipeline.py loads them through `load_dataset`)."""
from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Dict, List, Tuple

import numpy as np
import torch

from . import data, sources
from .labels import CODES, INDEX

if TYPE_CHECKING:
    from .pipeline import Log


def load_external(folder: str, log):
    sets = {}
    if not folder:
        return sets
    for name in ("isic2017-test", "isic2017-validation", "isic2016-test"):
        base = os.path.join(folder, name)
        if not os.path.isdir(base):
            # Asked for (--external) but absent: the manifest and card would silently lack that set's figures.
            raise SystemExit(f"external set {name}: {base} is absent; give the folder that holds all three sets, or leave out --external")
        rows = data.read_csv(os.path.join(base, "labels.csv"))
        x = data.load_images(os.path.join(base, "images.tar.gz"), [r["image_id"] for r in rows])
        sets[name] = (rows, x)
        log(f"external set {name}: {len(rows)} images")
    return sets


@dataclass
class Dataset:
    """The images in memory: HAM10000 per split (labels, lesion ids, a copy on the device) and the external sets."""
    rows: List[dict]  # every row of the split file
    by_split: Dict[str, List[dict]]
    xs: Dict[str, np.ndarray]
    ys: Dict[str, np.ndarray]
    groups: Dict[str, List[str]]
    external: Dict[str, Tuple[List[dict], np.ndarray]]
    on_device: Dict[str, torch.Tensor]
    priors: np.ndarray  # training-split class frequencies
    validation_sources: np.ndarray  # the source of each validation image ("ham10000" or a sources.SOURCES name)


def load_dataset(args: argparse.Namespace, rows: List[dict], by_split: Dict[str, List[dict]], device: torch.device,
                 log: Log) -> Dataset:
    archive = os.path.join(args.data, "images.tar.gz")
    xs = {s: data.load_images(archive, [r["image_id"] for r in v]) for s, v in by_split.items()}
    ys = {s: np.array([INDEX[r["dx"]] for r in v]) for s, v in by_split.items()}
    groups = {s: [r["lesion_id"] for r in v] for s, v in by_split.items()}
    validation_sources = ["ham10000"] * len(ys["validation"])
    for name, split_name, x, y in load_sources(args, log):
        if split_name == "train" and args.source_repeat > 1:
            x, y = np.concatenate([x] * args.source_repeat), np.concatenate([y] * args.source_repeat)
        xs[split_name] = np.concatenate([xs[split_name], x])
        ys[split_name] = np.concatenate([ys[split_name], y])
        # No lesion ids: each image is its own bootstrap group (sources.py says why the figures are optimistic).
        groups[split_name] = groups[split_name] + [f"{name}:{i}" for i in range(len(y))]
        if split_name == "validation":
            validation_sources += [name] * len(y)
    external = load_external(args.external, log)
    log("images loaded:", {s: len(v) for s, v in ys.items()})
    on_device = {s: torch.from_numpy(x).to(device) for s, x in xs.items()}
    priors = np.bincount(ys["train"], minlength=len(CODES)) / len(ys["train"])
    return Dataset(rows, by_split, xs, ys, groups, external, on_device, priors, np.array(validation_sources))


def load_sources(args: argparse.Namespace, log: Log):
    """(source, split, images, labels) of the extra sources' train and validation images, by their committed splits,
    less the near-duplicates that sources.near_duplicates_left_out names (unless --keep-near-duplicates)."""
    if not args.sources:
        return []
    left_out = {} if args.keep_near_duplicates else sources.left_out_by_near_duplicates(args.source_splits, args.split)
    loaded = []
    for source in sources.SOURCES:
        rows = sources.read_split(sources.split_path(args.source_splits, source))
        for split_name in ("train", "validation"):
            listed = [r for r in rows if r["split"] == split_name]
            chosen = [r for r in listed if r["image_id"] not in left_out.get(source.name, {})]
            dropped = len(listed) - len(chosen)
            if args.quick:
                chosen = chosen[:40]
            x = data.load_images(source.images_path(args.sources), [r["image_id"] for r in chosen])
            loaded.append((source.name, split_name, x, np.array([INDEX[r["dx"]] for r in chosen])))
            log(f"source {source.name} {split_name}: {len(chosen)} images" + (f" ({dropped} near-duplicates left out)" if dropped else ""))
    return loaded
