#!/usr/bin/env python3
"""Train, calibrate, evaluate and export the SkinLesion HAM10000 classifier.

One command reproduces models/ from the shared data (see training/README.md):

    python3 training/train.py --data ../shared/data/ham10000 \
        --weights ../shared/weights/mobilenet_v2_1.0_224_quant.tflite --out models/

Every choice (checkpoint, ensemble size, test-time augmentation, temperature, decision-rule
exponent, malignant threshold) is made on the validation split; the test split and the external
ISIC sets are evaluated once, at the end, for the report.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import math
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import onnx  # noqa: E402

from skinlesion import card, data, early, evaluation, figures, fuse, metrics, mobilenet, onnxcheck, pool, reference, split  # noqa: E402
from skinlesion.labels import CODES, INDEX, MALIGNANT, MALIGNANT_MASK, NAMES  # noqa: E402
from skinlesion.model import DeployedModel, export_onnx, untrained  # noqa: E402
from skinlesion.preprocess import HEIGHT, WIDTH  # noqa: E402
from skinlesion.trainer import TrainConfig, predict_logits, train_member  # noqa: E402

MODEL_NAME = "skin-lesion-mobilenetv2"
VERSION = "1.0.0"
TARGET_SENSITIVITY = 0.90
# Candidate recipes; which members ship is decided on validation. A: plain cross-entropy, as in the
# orientation notes. B: a lower learning rate and sqrt-inverse-frequency class weights, for the
# rare classes that balanced accuracy weighs as much as nevi.
RECIPES = {"A": {}, "B": {"lr": 5e-4, "class_weight_power": 0.5}}
HERE = os.path.dirname(os.path.abspath(__file__))


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="HAM10000 folder (images.tar.gz, HAM10000_metadata.csv)")
    p.add_argument("--weights", required=True, help="ImageNet MobileNetV2 .tflite to start from")
    p.add_argument("--out", required=True, help="folder for the shipped artifacts (models/)")
    p.add_argument("--external", default=None, help="folder holding isic2016-test/, isic2017-test/, isic2017-validation/ (optional)")
    p.add_argument("--split", default=os.path.join(HERE, "splits", "ham10000.csv"), help="split file; created if missing")
    p.add_argument("--work", default=os.path.join(HERE, ".work"), help="scratch folder for checkpoints and logs")
    p.add_argument("--check-images", default="/usr/lib/python3/dist-packages/skimage/data",
                   help="folder with chelsea.png and coffee.png for the ImageNet conversion check")
    p.add_argument("--recipes", default="A,B", help=f"training recipes, comma-separated, from {sorted(RECIPES)}")
    p.add_argument("--members-per-recipe", type=int, default=3, help="members trained per recipe (the shipped ensemble is chosen on validation)")
    p.add_argument("--max-members", type=int, default=3, help="largest shipped ensemble (each member adds ~4.5 MB)")
    p.add_argument("--epochs", type=int, default=40)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--seed", type=int, default=0, help="seed of the first member; member i uses seed + i")
    p.add_argument("--latency-budget-ms", type=float, default=57.0,
                   help="median ms per image (onnxruntime, 2 CPU threads) the shipped ensemble x views may cost")
    p.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples for 95%% intervals")
    p.add_argument("--checkpoints", default=None, help="reuse the member checkpoints (member<i>.pt) found in this folder; train the rest")
    p.add_argument("--workers", type=int, default=3 if torch.cuda.is_available() else 1,
                   help="members trained at once, in separate processes on the one GPU (default 3 with CUDA, else 1)")
    p.add_argument("--quick", action="store_true", help="smoke run: tiny subsets, 1 epoch (numbers meaningless)")
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    return p.parse_args(argv)


class Log:
    def __init__(self, path: str):
        self.path = path
        self.file = open(path, "a", buffering=1)
        self.start = time.time()

    def __call__(self, *parts):
        line = f"[{time.time() - self.start:7.1f}s] " + " ".join(str(x) for x in parts)
        print(line, flush=True)
        self.file.write(line + "\n")


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def conversion_check(weights: str, folder: str, log) -> list:
    """The converted ImageNet network must name an ordinary photo's class."""
    from PIL import Image

    model = mobilenet.imagenet_model(weights)
    results = []
    for name in ("chelsea", "coffee"):
        path = os.path.join(folder, name + ".png")
        if not os.path.exists(path):
            log(f"conversion check: {path} absent, skipped")
            continue
        im = Image.open(path).convert("RGB")
        w, h = im.size
        s = min(w, h)
        im = im.crop(((w - s) // 2, (h - s) // 2, (w - s) // 2 + s, (h - s) // 2 + s)).resize((224, 224), Image.BICUBIC)
        x = torch.from_numpy(np.array(im)).permute(2, 0, 1)[None].float()
        with torch.no_grad():
            p = model(mobilenet.normalise(x)).softmax(1)[0]
        top = p.topk(3)
        row = {"image": name, "top3": [{"index": int(i), "label": mobilenet.IMAGENET_CLASSES.get(int(i), "other"), "p": round(float(v), 4)}
                                        for v, i in zip(top.values, top.indices)]}
        log("conversion check:", json.dumps(row))
        results.append(row)
    return results


def load_external(folder: str, log):
    sets = {}
    if not folder:
        return sets
    for name in ("isic2017-test", "isic2017-validation", "isic2016-test"):
        base = os.path.join(folder, name)
        if not os.path.isdir(base):
            log(f"external set {name}: absent, skipped")
            continue
        rows = data.read_csv(os.path.join(base, "labels.csv"))
        x = data.load_images(os.path.join(base, "images.tar.gz"), [r["image_id"] for r in rows])
        sets[name] = (rows, x)
        log(f"external set {name}: {len(rows)} images")
    return sets


def combine(logits: np.ndarray, members, views: int) -> np.ndarray:
    """Mean over the listed members and the first ``views`` views: [M,V,N,C] -> [N,C]."""
    return logits[list(members), :views].mean(axis=(0, 1))


def fit_temperature(y, logits) -> float:
    grid = np.exp(np.linspace(np.log(0.25), np.log(6.0), 600))
    losses = [metrics.nll(y, metrics.softmax(logits, t)) for t in grid]
    return float(grid[int(np.argmin(losses))])


def choose_exponent(y, probs, priors) -> float:
    best_a, best = 0.0, -1.0
    for a in np.round(np.arange(0.0, 2.0001, 0.05), 2):
        score = metrics.balanced_accuracy(y, evaluation.decide(probs, priors, a), len(CODES))
        if score > best + 1e-12:
            best_a, best = float(a), score
    return best_a


def choose_threshold(y_malignant, pmal, target: float):
    """Largest t whose sensitivity is >= target (so specificity is as high as it can be)."""
    positives = np.sort(pmal[y_malignant.astype(bool)])[::-1]
    k = math.ceil(target * len(positives))
    t = float(positives[k - 1])
    t = math.floor(t * 1e6) / 1e6  # stored rounded down, so the chosen positives stay above it
    sens, spec = metrics.sensitivity_specificity(y_malignant, pmal, t)
    return t, sens, spec


def main(argv=None) -> int:
    args = parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    os.makedirs(args.work, exist_ok=True)
    log = Log(os.path.join(args.work, "train.log"))
    device = torch.device(args.device)
    # cuDNN autotuning cost about 60 s of warm-up per run for a few percent per epoch; heuristics suffice.
    torch.backends.cudnn.benchmark = False
    log(f"torch {torch.__version__}, device {device}" + (f" ({torch.cuda.get_device_name(0)})" if device.type == "cuda" else ""))
    recipes = [r.strip() for r in args.recipes.split(",") if r.strip()]
    if args.quick:
        args.epochs, args.members_per_recipe, args.bootstrap = 1, 1, 50

    # 1. Split (fixed, committed).
    meta = split.read_metadata(os.path.join(args.data, "HAM10000_metadata.csv"))
    if not os.path.exists(args.split):
        split.write_split(split.make_split(meta), args.split)
        log(f"wrote split {args.split}")
    rows = split.read_split(args.split)
    if sorted(r["image_id"] for r in rows) != sorted(r["image_id"] for r in meta):
        raise SystemExit(f"{args.split} does not cover the metadata's images")
    by_split = {s: [r for r in rows if r["split"] == s] for s in ("train", "validation", "test")}
    if args.quick:
        rng = np.random.default_rng(0)
        by_split = {s: [v[i] for i in sorted(rng.choice(len(v), min(len(v), 300 if s == "train" else 200), replace=False))] for s, v in by_split.items()}
    log("split:", {s: len(v) for s, v in by_split.items()})

    # 2. The ImageNet initialisation is checked before anything trains on it.
    check = conversion_check(args.weights, args.check_images, log)

    # 3. Images into memory.
    archive = os.path.join(args.data, "images.tar.gz")
    xs = {s: data.load_images(archive, [r["image_id"] for r in v]) for s, v in by_split.items()}
    ys = {s: np.array([INDEX[r["dx"]] for r in v]) for s, v in by_split.items()}
    groups = {s: [r["lesion_id"] for r in v] for s, v in by_split.items()}
    external = load_external(args.external, log)
    log("images loaded")
    gpu = {s: torch.from_numpy(x).to(device) for s, x in xs.items()}
    priors = np.bincount(ys["train"], minlength=len(CODES)) / len(ys["train"])

    # 4. Members: train (or reuse), fold BN, round to the fp16 weights that ship.
    members, histories, member_info = [], [], []
    configs = {}
    plan = []  # (index, seed, recipe, config, checkpoint path, reused)
    for i in range(len(recipes) * args.members_per_recipe):
        recipe = recipes[i // args.members_per_recipe]
        configs[recipe] = TrainConfig(**{"epochs": args.epochs, "lr": args.lr, "batch_size": args.batch_size, **RECIPES[recipe]})
        reused = os.path.join(args.checkpoints, f"member{i}.pt") if args.checkpoints else None
        path = reused if reused and os.path.exists(reused) else os.path.join(args.work, f"member{i}.pt")
        plan.append((i, args.seed + i, recipe, configs[recipe], path, path == reused))
    to_train = [(i, seed, recipe, cfg) for i, seed, recipe, cfg, _, was_reused in plan if not was_reused]
    if len(to_train) > 1 and args.workers > 1:
        log(f"training members {[j[0] for j in to_train]} in {min(args.workers, len(to_train))} worker processes")
        pool.train_in_parallel(to_train, args.workers, args.weights, xs["train"], ys["train"], xs["validation"], ys["validation"],
                               args.work, log.path, str(device))
    else:
        for i, seed, recipe, cfg in to_train:
            log(f"member {i}: training, recipe {recipe}, seed {seed}")
            result = train_member(args.weights, gpu["train"], torch.from_numpy(ys["train"]).to(device), gpu["validation"],
                                  ys["validation"], seed, cfg, log)
            pool.save_checkpoint(os.path.join(args.work, f"member{i}.pt"), result.state, result.history, result.best_epoch,
                                 result.seconds, seed, recipe)
    for i, seed, recipe, cfg, path, was_reused in plan:
        saved = torch.load(path, map_location="cpu")
        state, history, best_epoch, seconds = saved["state"], saved["history"], saved["bestEpoch"], saved["seconds"]
        if was_reused:
            log(f"member {i}: reused {path}")
        net = untrained()
        net.load_state_dict({k: (v.float() if v.is_floating_point() else v) for k, v in state.items()})
        net = fuse.round_to_fp16(fuse.fold_batchnorm(net.eval())).to(device)
        members.append(net)
        histories.append(history)
        member_info.append({"member": i, "recipe": recipe, "seed": seed, "bestEpoch": best_epoch, "trainSeconds": round(seconds, 1),
                            "bestValMacroAuc": max(h["valMacroAuc"] for h in history)})

    # 5. Logits of every member and view, fp32, for every evaluated set: [M, V, N, C].
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_tf32 = False
    sets = {"validation": gpu["validation"], "test": gpu["test"]}
    sets.update({name: torch.from_numpy(x).to(device) for name, (_, x) in external.items()})
    logits = {name: np.stack([predict_logits(m, x, views=8) for m in members]) for name, x in sets.items()}
    log("logits computed for", list(logits))

    # 6. Which members and how many views ship: all decided on validation, within the CPU budget.
    probe_dir = tempfile.mkdtemp(prefix="latency-")
    per_view_ms = {}
    for v in (1, 2, 4, 8):
        probe = os.path.join(probe_dir, f"views{v}.onnx")
        export_onnx(DeployedModel([members[0].cpu()], views=v, temperature=1.0), probe, HEIGHT, WIDTH)
        per_view_ms[v] = onnxcheck.latency_ms(probe, xs["validation"][0], threads=2, runs=20)["medianMs"]
    members = [m.to(device) for m in members]
    log("one member, latency by views (ms, 2 threads):", per_view_ms)
    yv = ys["validation"]
    y_mal_val = np.asarray(MALIGNANT_MASK)[yv]
    candidates = []
    for size in range(1, min(args.max_members, len(members)) + 1):
        for subset in itertools.combinations(range(len(members)), size):
            for v in (1, 2, 4, 8):
                estimated = size * per_view_ms[v]
                if estimated > args.latency_budget_ms and not (size == 1 and v == 1):
                    continue
                val_logits = combine(logits["validation"], subset, v)
                t = fit_temperature(yv, val_logits)
                probs = metrics.softmax(val_logits, t)
                a = choose_exponent(yv, probs, priors)
                bal = metrics.balanced_accuracy(yv, evaluation.decide(probs, priors, a), len(CODES))
                auc = metrics.macro_auc(yv, probs)
                candidates.append({"members": list(subset), "views": v, "estimatedMs": round(estimated, 1),
                                   "valBalancedAccuracy": round(bal, 5), "valMacroAuc": round(auc, 5),
                                   "valMalignantAuc": round(metrics.roc_auc(y_mal_val, evaluation.malignant_probability(probs)), 5),
                                   "score": round((bal + auc) / 2, 5)})
    # Balanced accuracy and macro AUC count equally; ties go to the cheaper graph.
    candidates.sort(key=lambda c: (-c["score"], c["estimatedMs"]))
    chosen = candidates[0]
    chosen_members, n_views = chosen["members"], chosen["views"]
    n_members = len(chosen_members)
    log(f"{len(candidates)} candidates; chosen on validation:", chosen)

    # 7. Calibration, decision rule and threshold on validation.
    val_logits = combine(logits["validation"], chosen_members, n_views)
    temperature = fit_temperature(yv, val_logits)
    val_before = metrics.softmax(val_logits)
    val_probs = metrics.softmax(val_logits, temperature)
    exponent = choose_exponent(yv, val_probs, priors)
    threshold, val_sens, val_spec = choose_threshold(y_mal_val, evaluation.malignant_probability(val_probs), TARGET_SENSITIVITY)
    log(f"temperature {temperature:.4f}, exponent {exponent}, threshold {threshold} (val sens {val_sens:.4f}, spec {val_spec:.4f})")

    # 8. Export what ships and check onnxruntime against PyTorch.
    shipped = DeployedModel([members[i].cpu() for i in chosen_members], views=n_views, temperature=temperature).eval()
    onnx_path = os.path.join(args.out, f"{MODEL_NAME}.onnx")
    export_onnx(shipped, onnx_path, HEIGHT, WIDTH)
    fuse.store_initializers_as_fp16(onnx_path)
    onnx_model = onnx.load(onnx_path)
    onnx.save(early.add_early_statistics(onnx_model), onnx_path)
    ref_rows = reference.pick_reference_rows(rows) if not args.quick else by_split["validation"][:8]
    ref_x = data.load_images(archive, [r["image_id"] for r in ref_rows])
    check_x = np.concatenate([ref_x, xs["validation"][: 64]])
    with torch.no_grad():
        torch_out = [t.numpy() for t in shipped(torch.from_numpy(check_x))]
    ort_out = onnxcheck.run(onnx_path, check_x)
    differences = {name: float(np.abs(ort_out[name] - t).max()) for name, t in zip(["probabilities", "logits", "embedding", "cam"], torch_out)}
    log("onnxruntime vs PyTorch, max |difference| over", len(check_x), "images:", differences)
    if differences["probabilities"] > 1e-4:
        raise SystemExit(f"onnxruntime disagrees with PyTorch: {differences}")
    latency = onnxcheck.latency_ms(onnx_path, ref_x[0], threads=2, runs=100)
    log("shipped model latency (batch 1, 2 threads):", latency)

    ref_probs = ort_out["probabilities"][: len(ref_rows)]
    model_sha = sha256(onnx_path)
    with open(os.path.join(args.out, "reference-predictions.json"), "w") as f:
        json.dump({"model": MODEL_NAME, "version": VERSION, "sha256": model_sha,
                   "source": "HAM10000 validation images (training/skinlesion/reference.py), probabilities from onnxruntime (CPU)",
                   "labels": CODES,
                   "images": [{"imageId": r["image_id"], "dx": r["dx"], "probabilities": [float(f"{v:.7g}") for v in p]}
                              for r, p in zip(ref_rows, ref_probs)]}, f, indent=1)

    # 9. The report: validation (where choices were made), test (touched once, here), external sets.
    def probs_of(name):
        return metrics.softmax(combine(logits[name], chosen_members, n_views), temperature)

    report = {"validation": evaluation.seven_class_report(yv, val_probs, priors, exponent, threshold, groups["validation"], args.bootstrap)}
    report["validation"]["eceBeforeCalibration"] = round(metrics.expected_calibration_error(yv, val_before), 4)
    test_before = metrics.softmax(combine(logits["test"], chosen_members, n_views))
    test_probs = probs_of("test")
    report["test"] = evaluation.seven_class_report(ys["test"], test_probs, priors, exponent, threshold, groups["test"], args.bootstrap)
    report["test"]["eceBeforeCalibration"] = round(metrics.expected_calibration_error(ys["test"], test_before), 4)
    for name, (ext_rows, _) in external.items():
        if name.startswith("isic2017"):
            report[name] = evaluation.isic2017_report(ext_rows, probs_of(name), priors, exponent, threshold, args.bootstrap)
        else:
            report[name] = evaluation.isic2016_report(ext_rows, probs_of(name), threshold, args.bootstrap)
    # Report only (no choice is made on it): what ensembling and test-time augmentation add on test.
    ablation = {}
    yt = ys["test"]
    for subset, v in ((chosen_members[:1], 1), (chosen_members[:1], n_views), (chosen_members, 1), (chosen_members, n_views)):
        t_logits = combine(logits["test"], subset, v)
        p = metrics.softmax(t_logits, fit_temperature(yv, combine(logits["validation"], subset, v)))
        ablation[f"{len(subset)}x{v}"] = {"members": len(subset), "views": v,
                                      "macroAuc": round(metrics.macro_auc(yt, p), 4),
                                      "malignantAuc": round(metrics.roc_auc(np.asarray(MALIGNANT_MASK)[yt], evaluation.malignant_probability(p)), 4),
                                      "balancedAccuracy": round(metrics.balanced_accuracy(yt, evaluation.decide(p, priors, exponent), len(CODES)), 4)}
    report["testAblation"] = ablation
    log("test:", json.dumps({k: report["test"][k] for k in ("balancedAccuracy", "macroAuc", "malignantAuc", "malignantSensitivity", "malignantSpecificity", "ece15")}))
    for name in external:
        log(name + ":", json.dumps({k: v for k, v in report[name].items() if isinstance(v, dict)}))

    # 10. Figures.
    figs = {
        "confusion": f"{MODEL_NAME}-confusion-test.png",
        "roc": f"{MODEL_NAME}-roc-test.png",
        "reliability": f"{MODEL_NAME}-reliability-test.png",
        "curves": f"{MODEL_NAME}-training-curves.png",
    }
    figures.confusion(np.array(report["test"]["confusionMatrix"]), os.path.join(args.out, figs["confusion"]),
                      f"HAM10000 test split ({len(yt)} images), shipped decision rule")
    figures.roc(yt, test_probs, np.asarray(MALIGNANT_MASK)[yt], evaluation.malignant_probability(test_probs),
                os.path.join(args.out, figs["roc"]), f"HAM10000 test split ({len(yt)} images): one-vs-rest ROC")
    figures.reliability(yt, test_before, test_probs, os.path.join(args.out, figs["reliability"]),
                        f"Reliability on the HAM10000 test split (temperature {temperature:.3f} fitted on validation)")
    figures.training_curves(histories, os.path.join(args.out, figs["curves"]))

    # 11. Manifest and model card.
    manifest = {
        "schemaVersion": 1,
        "name": MODEL_NAME,
        "version": VERSION + ("-quick" if args.quick else ""),
        "created": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "description": f"MobileNetV2 ensemble ({n_members} member(s), {n_views}-view test-time augmentation) fine-tuned on HAM10000 "
                       "from ImageNet weights; seven-class dermoscopic lesion classifier.",
        "file": os.path.basename(onnx_path),
        "sha256": model_sha,
        "sizeBytes": os.path.getsize(onnx_path),
        "opset": 17,
        "input": {
            "name": "image", "dtype": "uint8", "layout": "NHWC", "height": HEIGHT, "width": WIDTH, "channels": 3, "colorOrder": "RGB",
            "normalization": f"inside the graph: bilinear resize (half-pixel centres) to {mobilenet.NETWORK_SIZE}x{mobilenet.NETWORK_SIZE}, then x / 127.5 - 1",
            "geometry": {
                "orientation": "apply EXIF orientation, then rotate portrait images (height > width) 90 degrees clockwise",
                "aspect": "centre-crop to width:height = 200:150 (4:3), integer arithmetic as in training/skinlesion/preprocess.py",
                "resize": "bicubic to 200x150 (antialiased when downscaling); no resampling when already 200x150",
                "alpha": "composite on white",
                "greyscale": "expand to RGB",
            },
        },
        "outputs": {"probabilities": "probabilities", "logits": "logits", "embedding": "embedding", "cam": "cam",
                    "earlyStatistics": early.OUTPUT_NAME},
        "camShape": [len(CODES), mobilenet.NETWORK_SIZE // 32, mobilenet.NETWORK_SIZE // 32],
        "labels": [{"index": i, "code": c, "name": NAMES[c], "malignant": c in MALIGNANT} for i, c in enumerate(CODES)],
        "calibration": {"method": "temperature", "temperature": round(temperature, 6), "fittedOn": "validation", "bins": 15,
                        "eceBefore": report["validation"]["eceBeforeCalibration"], "eceAfter": report["validation"]["ece15"]["value"],
                        "testEceBefore": report["test"]["eceBeforeCalibration"], "testEceAfter": report["test"]["ece15"]["value"]},
        "decisionRule": {"type": "prior-adjusted-argmax" if exponent > 0 else "argmax", "exponent": exponent,
                         "priors": [round(float(p), 6) for p in priors],
                         "description": "top class = argmax over c of p(c) / prior(c)^exponent, with p the calibrated probabilities and "
                                        "prior the training-split class frequencies; exponent chosen on validation for balanced accuracy. "
                                        "The probabilities themselves are not adjusted."},
        "malignantThreshold": {"value": threshold, "targetSensitivity": TARGET_SENSITIVITY,
                               "validationSensitivity": round(val_sens, 4), "validationSpecificity": round(val_spec, 4),
                               "rule": "malignant when p(mel) + p(bcc) + p(akiec) >= value"},
        "metrics": report,
        "split": {"file": "training/splits/ham10000.csv", "sha256": sha256(args.split), "groupedBy": "lesion_id",
                  "counts": {s: len(v) for s, v in by_split.items()}},
        "training": {
            "command": "python3 training/train.py --data <ham10000> --weights <mobilenet_v2_1.0_224_quant.tflite> --out models/ --external <data>",
            "initialisation": "ImageNet MobileNetV2 (TF-slim, quantisation-aware) from mobilenet_v2_1.0_224_quant.tflite, dequantised; "
                              "BN statistics re-estimated on 2048 training images before fine-tuning",
            "conversionCheck": check,
            "recipes": {name: {k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(c).items()} for name, c in configs.items()},
            "membersTrained": member_info,
            "selection": {"rule": "best mean of validation balanced accuracy (shipped rule, temperature and exponent fitted per candidate) "
                                  f"and validation macro AUC over member subsets and view counts with estimated latency <= {args.latency_budget_ms} ms",
                          "perViewLatencyMsOneMember": per_view_ms, "candidatesEvaluated": len(candidates),
                          "top": candidates[:10], "chosen": chosen},
            "weights": "BN folded into convolutions; weights stored as fp16 in the ONNX file (cast to fp32 at load)",
            "onnxVsPytorchMaxAbsDifference": differences,
            "onnxCheckImages": int(len(check_x)),
            "cpuLatency": latency,
            "torch": torch.__version__,
            "device": torch.cuda.get_device_name(0) if device.type == "cuda" else "cpu",
            "seconds": round(time.time() - log.start, 1),
        },
        "data": {"name": "HAM10000", "licence": "CC BY-NC-SA 4.0",
                 "attribution": "Tschandl, P., Rosendahl, C. & Kittler, H. The HAM10000 dataset, a large collection of multi-source "
                                "dermatoscopic images of common pigmented skin lesions. Sci. Data 5, 180161 (2018). "
                                "https://doi.org/10.1038/sdata.2018.161",
                 "externalSets": "ISIC 2016 and 2017 challenge test/validation data, CC BY-NC 4.0 (evaluation only)"},
        "intendedUse": card.INTENDED_USE,
        "limitations": card.LIMITATIONS,
        "figures": figs,
    }
    with open(os.path.join(args.out, f"{MODEL_NAME}.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    with open(os.path.join(args.out, f"{MODEL_NAME}-training-history.json"), "w") as f:
        json.dump(histories, f)
    with open(os.path.join(args.out, "MODEL_CARD.md"), "w") as f:
        f.write(card.render(manifest))
    log(f"done in {time.time() - log.start:.0f} s; artifacts in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
