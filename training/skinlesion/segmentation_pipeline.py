"""segment.py's steps: pack the masks for the GPU machine; train, choose, evaluate and export the segmenter.

    python3 training/segment.py pack-masks --masks ../shared/data/ham10000/masks.tar.gz --out .carry/seg/masks.npz
    python3 training/segment.py train --data .carry/ham --masks .carry/seg/masks.npz \\
        --weights .carry/ham/mobilenet_v2_1.0_224_quant.tflite --out models/ --manifest models/skin-lesion-mobilenetv2.json

The graph (models/skin-lesion-segmentation.onnx) and its section of the classifier's manifest ("segmentation")
are the contract the service reads: input `image` uint8 [N,150,200,3], output `mask` float32 [N,150,200].
"""
from __future__ import annotations

import argparse
import json
import os
import time
from dataclasses import asdict
from typing import List

import numpy as np
import torch

from . import data, onnxcheck, segmentation_masks, segmentation_train
from .pipeline import Log, sha256
from .preprocess import HEIGHT, WIDTH
from .segmentation_model import INPUT_NAME, NETWORK_HW, OUTPUT_NAME, DeployedSegmenter, export_onnx, untrained
from .segmentation_train import SegmentationConfig

FILE_NAME = "skin-lesion-segmentation.onnx"
VERSION = "1.0.0"


def parse_args(argv: List[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    pack = sub.add_parser("pack-masks", help="pack the HAM10000 masks archive into one bit-packed .npz")
    pack.add_argument("--masks", required=True, help="HAM10000 masks.tar.gz")
    pack.add_argument("--out", required=True, help="the .npz to write")
    train = sub.add_parser("train", help="train, evaluate and export the segmenter")
    train.add_argument("--data", required=True, help="folder with HAM10000 images.tar.gz")
    train.add_argument("--masks", required=True, help="the packed masks (.npz from pack-masks)")
    train.add_argument("--weights", required=True, help="ImageNet MobileNetV2 .tflite")
    train.add_argument("--split", default=os.path.join(os.path.dirname(__file__), "..", "splits", "ham10000.csv"))
    train.add_argument("--out", required=True, help="folder for the graph, the log and the history")
    train.add_argument("--manifest", required=True, help="the classifier's manifest; its 'segmentation' section is written")
    train.add_argument("--epochs", type=int, default=SegmentationConfig.epochs)
    train.add_argument("--bootstrap", type=int, default=1000)
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--max-seconds", type=float, default=float("inf"), help="start no epoch after this many seconds")
    train.add_argument("--quick", action="store_true", help="a smoke run: 1 epoch on 256 training images")
    train.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    return p.parse_args(argv)


def run_train(args: argparse.Namespace) -> int:
    os.makedirs(args.out, exist_ok=True)
    log = Log(os.path.join(args.out, "segmentation-training-log.txt"))

    device = torch.device(args.device)
    torch.backends.cudnn.benchmark = False
    log(f"torch {torch.__version__}, device {device}" + (f" ({torch.cuda.get_device_name(0)})" if device.type == "cuda" else ""))
    rows = data.read_csv(args.split)
    by_split = {s: [r for r in rows if r["split"] == s] for s in ("train", "validation", "test")}
    if args.quick:
        by_split = {"train": by_split["train"][:256], "validation": by_split["validation"][:64], "test": by_split["test"][:64]}
        args.epochs, args.bootstrap = 1, 50
    archive = os.path.join(args.data, "images.tar.gz")
    xs = {s: data.load_images(archive, [r["image_id"] for r in v]) for s, v in by_split.items()}
    ms = {s: segmentation_masks.unpack(args.masks, [r["image_id"] for r in v]) for s, v in by_split.items()}
    groups = {s: [r["lesion_id"] for r in v] for s, v in by_split.items()}
    log("images:", {s: len(v) for s, v in xs.items()})
    cfg = SegmentationConfig(epochs=args.epochs)
    on_device = {s: torch.from_numpy(x).to(device) for s, x in xs.items()}
    result = segmentation_train.train(args.weights, on_device["train"], torch.from_numpy(ms["train"]).to(device),
                                      on_device["validation"], ms["validation"], cfg, args.seed, log, args.max_seconds)
    net = untrained().to(device)
    net.load_state_dict(result.state)
    val_p = segmentation_train.predict(net, on_device["validation"])
    threshold = segmentation_train.choose_threshold(val_p, ms["validation"])
    log(f"best epoch {result.best_epoch}; threshold {threshold} (best validation Jaccard)")

    path = os.path.join(args.out, FILE_NAME)
    export_onnx(DeployedSegmenter(net.float().cpu()), path, HEIGHT, WIDTH)
    torch_test = segmentation_train.predict(net.cpu(), torch.from_numpy(xs["test"]))
    onnx_p = {s: onnxcheck.run(path, xs[s])[OUTPUT_NAME] for s in ("validation", "test")}
    difference = float(np.abs(onnx_p["test"] - torch_test).max())
    log(f"onnxruntime vs PyTorch on the test split, max |difference| {difference:.2e}")
    if difference > 1e-3:
        raise SystemExit(f"the exported graph differs from the network by {difference}")
    figs = {s: segmentation_train.figures(onnx_p[s], ms[s], threshold, groups[s], args.bootstrap) for s in ("validation", "test")}
    log("figures (onnxruntime):", json.dumps(figs))
    latency = onnxcheck.latency_ms(path, xs["test"][0], threads=1, runs=100)
    log("latency:", json.dumps(latency))

    section = {
        "file": FILE_NAME, "sha256": sha256(path), "sizeBytes": os.path.getsize(path), "version": VERSION,
        "input": INPUT_NAME, "output": OUTPUT_NAME, "threshold": threshold, "inputSize": [NETWORK_HW[1], NETWORK_HW[0]],
        "description": "MobileNetV2 encoder (ImageNet weights) with a U-Net-style decoder; input the classifier's 200x150 "
                       "tensor, output each pixel's lesion probability on that grid",
        "metrics": figs,
        "training": {"data": "HAM10000 lesion masks (grey >= 128 = lesion), the classifier's lesion-grouped split",
                     "trainImages": len(xs["train"]), "bestEpoch": result.best_epoch, "epochs": cfg.epochs,
                     "seconds": round(result.seconds, 1), "seed": args.seed,
                     "config": {k: v for k, v in asdict(cfg).items() if k != "acquisition"},
                     "acquisition": asdict(cfg.acquisition), "latency": latency,
                     "torch": torch.__version__, "device": torch.cuda.get_device_name(0) if device.type == "cuda" else "cpu"},
    }
    with open(args.manifest) as f:
        manifest = json.load(f)
    manifest["segmentation"] = section
    with open(args.manifest, "w") as f:
        json.dump(manifest, f, indent=2)
    with open(os.path.join(args.out, "segmentation-training-history.json"), "w") as f:
        json.dump(result.history, f)
    log(f"done in {time.time() - log.start:.0f} s")
    return 0


def main(argv: List[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command == "pack-masks":
        masks = segmentation_masks.read_masks_archive(args.masks)
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        segmentation_masks.pack(masks, args.out)
        print(f"{len(masks)} masks packed into {args.out} ({os.path.getsize(args.out) / 1e6:.1f} MB)")
        return 0
    return run_train(args)
