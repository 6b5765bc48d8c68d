"""The model manifest train.py writes: what the server validates and serves, and how the model was made."""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
import os
from typing import TYPE_CHECKING, Dict

from . import card, early, metrics, mobilenet, sources
from .data import sha256
from .labels import CODES, MALIGNANT, NAMES
from .pipeline_arguments import command_line, shown_path
from .preprocess import HEIGHT, WIDTH
from .selection import TARGET_SENSITIVITY

if TYPE_CHECKING:  # the run's results, defined with the steps that produce them
    import argparse

    from .pipeline import Choice, Export, Members
    from .selection import Calibration

MODEL_NAME = "skin-lesion-mobilenetv2"
VERSION = "2.2.0"


CAM_STRIDE = 32  # MobileNetV2's five stride-2 stages


def cam_side(network_size: int) -> int:
    """Cells of the last feature map: each stride-2 stage pads (0, 1) as TF 'SAME' does for even sides, so every stage
    halves and rounds down (176 -> 88 -> 44 -> 22 -> 11 -> 5), which is the side divided by the stride, rounded down."""
    return network_size // CAM_STRIDE


def input_contract() -> dict:
    return {
        "name": "image", "dtype": "uint8", "layout": "NHWC", "height": HEIGHT, "width": WIDTH, "channels": 3, "colorOrder": "RGB",
        "normalization": f"inside the graph: bilinear resize (half-pixel centres) to {mobilenet.NETWORK_SIZE}x{mobilenet.NETWORK_SIZE}, then x / 127.5 - 1",
        "networkSize": mobilenet.NETWORK_SIZE,
        "geometry": {
            "decode": "a JPEG (colour, greyscale or CMYK) is decoded at 1/8, 1/4 or 1/2 scale (libjpeg DCT scaling, sides rounded up): "
                      "the largest reduction that leaves at least 400x300 (twice 200x150) on the landscape sides; other images in full",
            "orientation": "apply EXIF orientation (IFD0's Orientation as a SHORT; XMP not read), then rotate portrait images (height > width) 90 degrees clockwise",
            "aspect": "centre-crop to width:height = 200:150 (4:3), integer arithmetic as in training/skinlesion/preprocess.py",
            "resize": "bicubic to 200x150 (antialiased when downscaling); no resampling when already 200x150",
            "alpha": "composite on white",
            "greyscale": "expand to RGB",
            "colour": "an embedded ICC profile of RGB colorants and tone curves (Display P3, Adobe RGB) brings the 200x150 pixels to sRGB, as in training/skinlesion/colour.py; sRGB and other profiles change nothing",
        },
    }


def training_section(args: argparse.Namespace, check: list, members: Members, choice: Choice, export: Export,
                     runtime: Dict[str, object]) -> dict:
    """How the shipped model was made; runtime gives the torch version, the device and the seconds taken, in that order."""
    return {
        "command": getattr(args, "recorded_command", None) or command_line(args),
        "initialisation": "ImageNet MobileNetV2 (TF-slim, quantisation-aware) from mobilenet_v2_1.0_224_quant.tflite, dequantised; "
                          "BN statistics re-estimated on 2048 training images before fine-tuning",
        "conversionCheck": check,
        "recipes": {name: _plain(dataclasses.asdict(c)) for name, c in members.configs.items()},
        "membersTrained": members.info,
        "selection": {"rule": "best mean of validation balanced accuracy (shipped rule, temperature and exponent fitted per candidate) "
                              f"and validation macro AUC over member subsets and view counts with estimated latency <= {args.latency_budget_ms} ms",
                      "perViewLatencyMsOneMember": choice.per_view_ms, "candidatesEvaluated": len(choice.candidates),
                      "top": choice.candidates[:10], "chosen": choice.chosen},
        "weights": "BN folded into convolutions; weights stored as fp16 in the ONNX file (cast to fp32 at load)",
        **distillation_section(args),
        **near_duplicates_section(args),
        "onnxVsPytorchMaxAbsDifference": export.differences,
        "onnxCheckImages": export.check_images,
        "cpuLatency": export.latency,
        **runtime,
    }



def _plain(value):
    """A recipe as JSON: nested dataclass fields (the acquisition settings) as objects, tuples as lists."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return list(value) if isinstance(value, tuple) else value


def model_manifest(args: argparse.Namespace, counts: Dict[str, int], check: list, members: Members, choice: Choice,
                   cal: Calibration, export: Export, report: dict, figs: Dict[str, str], runtime: Dict[str, object],
                   split_sha256: str) -> dict:
    return {
        "schemaVersion": 1,
        "name": MODEL_NAME,
        "version": VERSION + ("-quick" if args.quick else ""),
        "created": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "description": (f"MobileNetV2 ensemble ({len(choice.members)} members, " if len(choice.members) > 1 else "MobileNetV2 (one network, ")
                       + f"{choice.views}-view test-time augmentation) fine-tuned on HAM10000 "
                       + ("and ISIC images of other clinics " if args.sources else "")
                       + "from ImageNet weights"
                       + (f" at {mobilenet.NETWORK_SIZE}x{mobilenet.NETWORK_SIZE}, distilled from a larger ensemble" if args.distill_from else "")
                       + "; seven-class dermoscopic lesion classifier.",
        "file": os.path.basename(export.path),
        "sha256": export.sha256,
        "sizeBytes": os.path.getsize(export.path),
        "opset": 17,
        "input": input_contract(),
        "outputs": {"probabilities": "probabilities", "logits": "logits", "embedding": "embedding", "cam": "cam",
                    "earlyStatistics": early.OUTPUT_NAME},
        "camShape": [len(CODES), cam_side(mobilenet.NETWORK_SIZE), cam_side(mobilenet.NETWORK_SIZE)],
        "camStride": CAM_STRIDE,
        "labels": [{"index": i, "code": c, "name": NAMES[c], "malignant": c in MALIGNANT} for i, c in enumerate(CODES)],
        "calibration": {"method": "temperature", "temperature": round(cal.temperature, 6), "fittedOn": "validation", "bins": 15,
                        "eceBefore": report["validation"]["eceBeforeCalibration"], "eceAfter": report["validation"]["ece15"]["value"],
                        "testEceBefore": report["test"]["eceBeforeCalibration"], "testEceAfter": report["test"]["ece15"]["value"]},
        "decisionRule": {"type": "prior-adjusted-argmax" if cal.exponent > 0 else "argmax", "exponent": cal.exponent,
                         "priors": [round(float(p), 6) for p in cal.priors],
                         "description": "top class = argmax over c of p(c) / prior(c)^exponent, with p the calibrated probabilities and "
                                        "prior the training-split class frequencies; exponent chosen on validation for balanced accuracy. "
                                        "The probabilities themselves are not adjusted."},
        "malignantThreshold": {"value": cal.threshold, "targetSensitivity": TARGET_SENSITIVITY,
                               "validationSensitivity": metrics.rounded(cal.validation_sensitivity),
                               "validationSpecificity": metrics.rounded(cal.validation_specificity),
                               "rule": "malignant when p(mel) + p(bcc) + p(akiec) >= value"},
        "metrics": report,
        "split": {"file": "training/splits/ham10000.csv", "sha256": split_sha256, "groupedBy": "lesion_id", "counts": counts,
                  **source_split_files(args)},
        "training": training_section(args, check, members, choice, export, runtime),
        "data": {"name": "HAM10000", "licence": "CC BY-NC-SA 4.0",
                 "attribution": "Tschandl, P., Rosendahl, C. & Kittler, H. The HAM10000 dataset, a large collection of multi-source "
                                "dermatoscopic images of common pigmented skin lesions. Sci. Data 5, 180161 (2018). "
                                "https://doi.org/10.1038/sdata.2018.161",
                 "externalSets": "ISIC 2016 and 2017 challenge test/validation data, CC BY-NC 4.0 (evaluation only)",
                 **training_sources(args)},
        "intendedUse": card.INTENDED_USE,
        "limitations": card.LIMITATIONS,
        "figures": figs,
    }


def distillation_section(args: argparse.Namespace) -> dict:
    """Which graph taught the members (--distill-from), by digest: its path is overwritten when the student ships."""
    if not args.distill_from:
        return {}
    import json

    digest = sha256(args.distill_from)
    teacher = {"sha256": digest, "mode": args.distill_mode, "weight": args.distill_weight, "temperature": args.distill_temperature}
    if args.distill_mode == "consistent":
        teacher["teacherNetworkSize"] = args.distill_size
        if getattr(args, "distill_embedding", 0.0):
            teacher["embeddingWeight"] = args.distill_embedding
        view = getattr(args, "distill_teacher_view", "same")
        if view != "same":
            unoccluded = "unoccluded: the batch without hair, grid and frame"
            left_out = []
            if getattr(args, "camera_changes", False):
                left_out += ["magnification", "exposure", "sensor noise"]
            if getattr(args, "washed_out_colour", False):
                left_out.append("washed-out colour")
            if left_out:
                *rest, last = left_out
                unoccluded += ", " + (f"{', '.join(rest)} and {last}" if rest else last)
            teacher["view"] = {"clean": "clean: the batch before the acquisition renderings and colour jitter",
                               "unoccluded": unoccluded}[view]
    beside = os.path.splitext(args.distill_from)[0] + ".json"
    if os.path.exists(beside):
        with open(beside) as f:
            described = json.load(f)
        if described.get("sha256") == digest:
            teacher["teacher"] = f"{described.get('name')} {described.get('version')}"
    return {"distillation": teacher}


def training_sources(args: argparse.Namespace) -> dict:
    """The training sources beyond HAM10000 (--sources), with their split files and how often they repeat per epoch."""
    if not args.sources:
        return {}
    return {"extraTrainingSources": {
        "sources": [{"name": source.name, "split": f"training/splits/{source.name}.csv"} for source in sources.SOURCES],
        "licence": "ISIC archive and ISIC 2017 challenge training data, CC BY-NC 4.0 (International Skin Imaging Collaboration)",
        "repeatPerEpoch": args.source_repeat,
        "note": "the 305 ISIC 2016 test images inside ISIC 2017 training are excluded from training and from every choice"}}


def source_split_files(args: argparse.Namespace) -> dict:
    """The sha256 of every split file beside HAM10000's that chose this run's images: the sources' splits and, unless
    --keep-near-duplicates, the near-duplicate pairs that leave some of their images out."""
    if not args.sources:
        return {}
    files = {"sourceSplits": [{"name": s.name, "file": shown_path(sources.split_path(args.source_splits, s)),
                               "sha256": sha256(sources.split_path(args.source_splits, s))} for s in sources.SOURCES]}
    if not args.keep_near_duplicates:
        path = os.path.join(args.source_splits, sources.NEAR_DUPLICATES)
        files["nearDuplicates"] = {"file": shown_path(path), "sha256": sha256(path)}
    return files


def near_duplicates_section(args: argparse.Namespace) -> dict:
    """Whether the source images twinned with evaluation images, or across a split, were left out (ADR 0052), and which."""
    if not args.sources:
        return {}
    if args.keep_near_duplicates:
        return {"nearDuplicates": {"leftOut": False, "note": "--keep-near-duplicates: every image of the committed source "
                                                             "splits, as model 2.2.0 was trained (ADR 0052)"}}
    left_out = sources.left_out_by_near_duplicates(args.source_splits, args.split)
    return {"nearDuplicates": {
        "leftOut": True,
        "rule": "a source image twinned with an ISIC test or validation image or a HAM10000 validation or test image is out "
                "of training and every choice; a source validation image twinned with a training image is out of validation "
                "(ADR 0052)",
        "images": {name: dict(sorted(ids.items())) for name, ids in left_out.items()}}}


def json_ready(value):
    """The manifest with NaN (a figure a set cannot give, e.g. sensitivity without positives) as None, since JSON has
    no NaN: json.dump would write a bare NaN, which strict JSON readers refuse."""
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
