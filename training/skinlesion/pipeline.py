"""Train, calibrate, evaluate and export the SkinLesion HAM10000 classifier.

One command trains, calibrates, evaluates and exports a model into --out. With only the required options it is a
HAM10000-only ensemble (model 1's recipe); the command that made the shipped model, with its extra sources, teacher and
augmentations, is the manifest's training.command and the first lines of its training log (see training/README.md):

    python3 training/train.py --data ../shared/data/ham10000 \
        --weights ../shared/weights/mobilenet_v2_1.0_224_quant.tflite --out models/

Every choice (checkpoint, ensemble size, test-time augmentation, temperature, decision-rule
exponent, malignant threshold) is made on the validation split; the test split and the external
ISIC sets are evaluated once, at the end, for the report.
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from dataclasses import dataclass, replace
from typing import Dict, List, Tuple

import numpy as np
import onnx
import torch

from . import card, data, early, evaluation, figures, fuse, metrics, mobilenet, onnxcheck, pool, reference, split
from .acquisition_augment import AcquisitionConfig
from .data import sha256
from .dataset import Dataset, load_dataset
from .labels import CODES, MALIGNANT_MASK
from .manifest import MODEL_NAME, VERSION, json_ready, model_manifest
from .model import DeployedModel, export_onnx, untrained
from .pipeline_arguments import RECIPES, command_line, parse_args
from .preprocess import HEIGHT, WIDTH
from .selection import VIEW_COUNTS, Calibration, calibrate, combine, ensemble_candidates, fit_temperature
from .teacher import check_graph_teacher, teacher_logits
from .trainer import TrainConfig, predict_logits, train_member

class Log:
    def __init__(self, path: str):
        self.path = path
        self.file = open(path, "a", buffering=1)
        self.start = time.time()

    def __call__(self, *parts):
        line = f"[{time.time() - self.start:7.1f}s] " + " ".join(str(x) for x in parts)
        print(line, flush=True)
        self.file.write(line + "\n")


def start(args: argparse.Namespace) -> Tuple[Log, torch.device]:
    if args.out:
        os.makedirs(args.out, exist_ok=True)
    os.makedirs(args.work, exist_ok=True)
    log = Log(os.path.join(args.work, "train.log"))
    device = torch.device(args.device)
    # cuDNN autotuning cost about 60 s of warm-up per run for a few percent per epoch; heuristics suffice.
    torch.backends.cudnn.benchmark = False
    log(f"torch {torch.__version__}, device {device}" + (f" ({torch.cuda.get_device_name(0)})" if device.type == "cuda" else ""))
    # In the log as well as the manifest: a --train-only or --teacher-only run writes no manifest.
    log(f"command: {getattr(args, 'recorded_command', None) or command_line(args)}")
    if args.quick:
        args.epochs, args.members_per_recipe, args.bootstrap = 1, 1, 50
    return log, device


def read_split(args: argparse.Namespace, log: Log) -> Tuple[List[dict], Dict[str, List[dict]]]:
    """The committed split (made only when asked, --create-split): every row, and the rows of each split."""
    # A mistyped path must not quietly become a new split: test figures would no longer be the committed split's.
    if not os.path.exists(args.split) and not args.create_split:
        raise SystemExit(f"{args.split} does not exist; give the committed split file, or --create-split to make a new one")
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
    return rows, by_split


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


@dataclass
class Members:
    """The trained pool: BN-folded fp16-rounded networks (on the device), their histories and what the manifest says of them."""
    nets: List[torch.nn.Module]
    histories: List[List[dict]]
    info: List[dict]
    configs: Dict[str, TrainConfig]


def _acquisition(args: argparse.Namespace) -> AcquisitionConfig:
    """The acquisition augmentation of every member: the plate grid when asked, the grid's share when given, the
    camera's own changes and washed-out colour when asked."""
    cfg = AcquisitionConfig(plate_grid=args.plate_grid)
    if args.grid_probability is not None:
        cfg = replace(cfg, grid=args.grid_probability)
    if args.washed_out_colour:
        cfg = cfg.with_washed_out_colour()
    return cfg.with_camera() if args.camera_changes else cfg


def plan_members(args: argparse.Namespace) -> Tuple[List[tuple], Dict[str, TrainConfig]]:
    """(index, seed, recipe, config, checkpoint path, reused) of every member, and the config of each recipe."""
    recipes = [r.strip() for r in args.recipes.split(",") if r.strip()]
    configs, plan = {}, []
    for i in range(len(recipes) * args.members_per_recipe):
        recipe = recipes[i // args.members_per_recipe]
        acquisition = AcquisitionConfig.off() if args.no_acquisition else _acquisition(args)
        configs[recipe] = TrainConfig(**{"epochs": args.epochs, "lr": args.lr, "batch_size": args.batch_size, "acquisition": acquisition,
                                         "colour_constancy": args.colour_constancy,
                                         "distill_weight": args.distill_weight if args.distill_from else 0.0,
                                         "distill_temperature": args.distill_temperature,
                                         "distill_graph": args.distill_from if args.distill_mode == "consistent" else None,
                                         "distill_graph_size": args.distill_size,
                                         "distill_embedding": args.distill_embedding,
                                         "distill_teacher_view": args.distill_teacher_view,
                                         **RECIPES[recipe]})
        reused = os.path.join(args.checkpoints, f"member{i}.pt") if args.checkpoints else None
        # Reused only when the checkpoint exists (--checkpoints may be the --work folder that the rest is trained into).
        was_reused = bool(reused) and os.path.exists(reused)
        path = reused if was_reused else os.path.join(args.work, f"member{i}.pt")
        plan.append((i, args.seed + i, recipe, configs[recipe], path, was_reused))
    return plan, configs


def train_missing_members(args: argparse.Namespace, plan: List[tuple], dataset: Dataset, device: torch.device, log: Log) -> None:
    """Trains the members without a checkpoint to reuse, in worker processes when there are several."""
    to_train = [(i, seed, recipe, cfg) for i, seed, recipe, cfg, _, was_reused in plan if not was_reused]
    if args.train_only:
        wanted = {int(i) for i in args.train_only.split(",") if i.strip()}
        to_train = [job for job in to_train if job[0] in wanted]
    xs, ys = dataset.xs, dataset.ys
    fixed = args.distill_from and args.distill_mode == "fixed"
    teacher = teacher_logits(args.distill_from, xs["train"], args.work, log) if fixed and to_train else None
    if args.distill_from and args.distill_mode == "consistent" and to_train:
        check_graph_teacher(args, xs["train"], device, log)
    if len(to_train) > 1 and args.workers > 1:
        log(f"training members {[j[0] for j in to_train]} in {min(args.workers, len(to_train))} worker processes")
        pool.train_in_parallel(to_train, args.workers, args.weights, xs["train"], ys["train"], xs["validation"], ys["validation"],
                               args.work, log.path, str(device), teacher)
        return
    for i, seed, recipe, cfg in to_train:
        log(f"member {i}: training, recipe {recipe}, seed {seed}" + (f", distilled from {args.distill_from}" if teacher is not None else ""))
        result = train_member(args.weights, dataset.on_device["train"], torch.from_numpy(ys["train"]).to(device),
                              dataset.on_device["validation"], ys["validation"], seed, cfg, log,
                              None if teacher is None else torch.from_numpy(teacher).to(device))
        pool.save_checkpoint(os.path.join(args.work, f"member{i}.pt"), result.state, result.history, result.best_epoch,
                             result.seconds, seed, recipe)


def check_checkpoint(path: str, saved: dict, seed: int, recipe: str) -> None:
    """A reused checkpoint must be the member the plan names: the manifest reports the plan's seed and recipe, so a
    checkpoint trained with others (an earlier run's --work folder) would be shipped under a description it does not have."""
    stored = (saved.get("seed"), saved.get("recipe"))
    if stored != (seed, recipe):
        raise SystemExit(f"{path} was trained with seed {stored[0]}, recipe {stored[1]}; this run plans seed {seed}, recipe {recipe}. "
                         "Point --work at an empty folder, or give the seed and recipes it was trained with.")


def load_members(plan: List[tuple], configs: Dict[str, TrainConfig], device: torch.device, log: Log) -> Members:
    """Every member from its checkpoint, BN folded and rounded to the fp16 weights that ship."""
    members = Members([], [], [], configs)
    for i, seed, recipe, cfg, path, was_reused in plan:
        saved = torch.load(path, map_location="cpu")
        state, history, best_epoch, seconds = saved["state"], saved["history"], saved["bestEpoch"], saved["seconds"]
        check_checkpoint(path, saved, seed, recipe)
        if was_reused:
            log(f"member {i}: reused {path}")
        net = untrained(colour_constancy=configs[recipe].colour_constancy)
        net.load_state_dict({k: (v.float() if v.is_floating_point() else v) for k, v in state.items()})
        members.nets.append(fuse.round_to_fp16(fuse.fold_batchnorm(net.eval())).to(device))
        members.histories.append(history)
        members.info.append({"member": i, "recipe": recipe, "seed": seed, "bestEpoch": best_epoch, "trainSeconds": round(seconds, 1),
                             "bestValMacroAuc": max(h["valMacroAuc"] for h in history)})
    return members


def member_logits(nets: List[torch.nn.Module], dataset: Dataset, device: torch.device, log: Log) -> Dict[str, np.ndarray]:
    """Logits of every member and view, fp32, for every evaluated set: [M, V, N, C]."""
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_tf32 = False
    sets = {"validation": dataset.on_device["validation"], "test": dataset.on_device["test"]}
    sets.update({name: torch.from_numpy(x).to(device) for name, (_, x) in dataset.external.items()})
    logits = {name: np.stack([predict_logits(m, x, views=8) for m in nets]) for name, x in sets.items()}
    log("logits computed for", list(logits))
    return logits


def latency_per_view(nets: List[torch.nn.Module], image: np.ndarray, device: torch.device) -> Dict[int, float]:
    """Median CPU ms per image of one member exported with each view count (onnxruntime, 2 threads)."""
    probe_dir = tempfile.mkdtemp(prefix="latency-")
    per_view_ms = {}
    for v in VIEW_COUNTS:
        probe = os.path.join(probe_dir, f"views{v}.onnx")
        export_onnx(DeployedModel([nets[0].cpu()], views=v, temperature=1.0), probe, HEIGHT, WIDTH)
        per_view_ms[v] = onnxcheck.latency_ms(probe, image, threads=2, runs=20)["medianMs"]
    for net in nets:
        net.to(device)
    return per_view_ms


@dataclass
class Choice:
    """The shipped members and view count, with every candidate weighed and the latency estimates behind them."""
    members: List[int]
    views: int
    chosen: dict
    candidates: List[dict]
    per_view_ms: Dict[int, float]


def choose_ensemble(args: argparse.Namespace, nets: List[torch.nn.Module], logits: Dict[str, np.ndarray], dataset: Dataset,
                    device: torch.device, log: Log) -> Choice:
    per_view_ms = latency_per_view(nets, dataset.xs["validation"][0], device)
    log("one member, latency by views (ms, 2 threads):", per_view_ms)
    candidates = ensemble_candidates(logits["validation"], dataset.ys["validation"], dataset.priors, per_view_ms,
                                     args.max_members, args.latency_budget_ms, args.max_views)
    chosen = candidates[0]
    log(f"{len(candidates)} candidates; chosen on validation:", chosen)
    return Choice(chosen["members"], chosen["views"], chosen, candidates, per_view_ms)


@dataclass
class Export:
    """The exported graph and what was checked on it."""
    path: str
    sha256: str
    reference_rows: List[dict]
    reference_probs: np.ndarray
    differences: Dict[str, float]
    check_images: int
    latency: dict


def export_graph(args: argparse.Namespace, nets: List[torch.nn.Module], choice: Choice, cal: Calibration) -> Tuple[DeployedModel, str]:
    """The shipped ensemble as one fp16-weight ONNX graph with the early_statistics output."""
    shipped = DeployedModel([nets[i].cpu() for i in choice.members], views=choice.views, temperature=cal.temperature).eval()
    onnx_path = os.path.join(args.out, f"{MODEL_NAME}.onnx")
    export_onnx(shipped, onnx_path, HEIGHT, WIDTH)
    fuse.store_initializers_as_fp16(onnx_path)
    onnx_model = onnx.load(onnx_path)
    onnx.save(early.add_early_statistics(onnx_model), onnx_path)
    return shipped, onnx_path


def check_graph(args: argparse.Namespace, shipped: DeployedModel, onnx_path: str, dataset: Dataset, log: Log) -> Export:
    """onnxruntime must agree with PyTorch on the reference images and 64 validation images; then its CPU latency."""
    ref_rows = reference.pick_reference_rows(dataset.rows) if not args.quick else dataset.by_split["validation"][:8]
    ref_x = data.load_images(os.path.join(args.data, "images.tar.gz"), [r["image_id"] for r in ref_rows])
    check_x = np.concatenate([ref_x, dataset.xs["validation"][: 64]])
    with torch.no_grad():
        torch_out = [t.numpy() for t in shipped(torch.from_numpy(check_x))]
    ort_out = onnxcheck.run(onnx_path, check_x)
    differences = {name: float(np.abs(ort_out[name] - t).max()) for name, t in zip(["probabilities", "logits", "embedding", "cam"], torch_out)}
    log("onnxruntime vs PyTorch, max |difference| over", len(check_x), "images:", differences)
    if differences["probabilities"] > 1e-4:
        raise SystemExit(f"onnxruntime disagrees with PyTorch: {differences}")
    latency = onnxcheck.latency_ms(onnx_path, ref_x[0], threads=2, runs=100)
    log("shipped model latency (batch 1, 2 threads):", latency)
    return Export(onnx_path, sha256(onnx_path), ref_rows, ort_out["probabilities"][: len(ref_rows)], differences,
                  int(len(check_x)), latency)


def write_reference_predictions(args: argparse.Namespace, export: Export) -> None:
    with open(os.path.join(args.out, "reference-predictions.json"), "w") as f:
        json.dump({"model": MODEL_NAME, "version": VERSION, "sha256": export.sha256,
                   "source": "HAM10000 validation images (training/skinlesion/reference.py), probabilities from onnxruntime (CPU)",
                   "labels": CODES,
                   "images": [{"imageId": r["image_id"], "dx": r["dx"], "probabilities": [float(f"{v:.7g}") for v in p]}
                              for r, p in zip(export.reference_rows, export.reference_probs)]}, f, indent=1)


def shipped_probabilities(logits: Dict[str, np.ndarray], name: str, choice: Choice, temperature: float | None = None) -> np.ndarray:
    """The shipped ensemble's probabilities on one set; without a temperature, before calibration."""
    combined = combine(logits[name], choice.members, choice.views)
    return metrics.softmax(combined) if temperature is None else metrics.softmax(combined, temperature)


def ablation_on_test(logits: Dict[str, np.ndarray], dataset: Dataset, choice: Choice, exponent: float) -> dict:
    """Report only (no choice is made on it): what ensembling and test-time augmentation add on test."""
    ablation = {}
    yt, yv, priors = dataset.ys["test"], dataset.ys["validation"], dataset.priors
    for subset, v in ((choice.members[:1], 1), (choice.members[:1], choice.views), (choice.members, 1), (choice.members, choice.views)):
        t_logits = combine(logits["test"], subset, v)
        p = metrics.softmax(t_logits, fit_temperature(yv, combine(logits["validation"], subset, v)))
        ablation[f"{len(subset)}x{v}"] = {"members": len(subset), "views": v,
                                      "macroAuc": round(metrics.macro_auc(yt, p), 4),
                                      "malignantAuc": round(metrics.roc_auc(np.asarray(MALIGNANT_MASK)[yt], evaluation.malignant_probability(p)), 4),
                                      "balancedAccuracy": round(metrics.balanced_accuracy(yt, evaluation.decide(p, priors, exponent), len(CODES)), 4)}
    return ablation


def evaluate_once(args: argparse.Namespace, logits: Dict[str, np.ndarray], dataset: Dataset, choice: Choice, cal: Calibration,
                  log: Log) -> dict:
    """The report: validation (where choices were made), test (touched once, here), external sets."""
    ys, groups = dataset.ys, dataset.groups
    rule = (cal.priors, cal.exponent, cal.threshold)
    report = {"validation": evaluation.seven_class_report(ys["validation"], cal.validation_probs, *rule, groups["validation"], args.bootstrap)}
    report["validation"]["eceBeforeCalibration"] = round(metrics.expected_calibration_error(ys["validation"], cal.validation_before), 4)
    test_probs = shipped_probabilities(logits, "test", choice, cal.temperature)
    report["test"] = evaluation.seven_class_report(ys["test"], test_probs, *rule, groups["test"], args.bootstrap)
    report["test"]["eceBeforeCalibration"] = round(metrics.expected_calibration_error(ys["test"], shipped_probabilities(logits, "test", choice)), 4)
    for name, (ext_rows, _) in dataset.external.items():
        probs = shipped_probabilities(logits, name, choice, cal.temperature)
        if name.startswith("isic2017"):
            report[name] = evaluation.isic2017_report(ext_rows, probs, *rule, args.bootstrap)
        else:
            report[name] = evaluation.isic2016_report(ext_rows, probs, cal.threshold, args.bootstrap)
    report["validationBySource"] = validation_by_source(dataset, cal)
    report["testAblation"] = ablation_on_test(logits, dataset, choice, cal.exponent)
    log("test:", json.dumps({k: report["test"][k] for k in ("balancedAccuracy", "macroAuc", "malignantAuc", "malignantSensitivity", "malignantSpecificity", "ece15")}))
    for name in dataset.external:
        log(name + ":", json.dumps({k: v for k, v in report[name].items() if isinstance(v, dict)}))
    return report


def validation_by_source(dataset: Dataset, cal: Calibration) -> Dict[str, dict]:
    """Malignant sensitivity, specificity and AUC at the shipped threshold on each source's validation images."""
    out = {}
    malignant = np.asarray(MALIGNANT_MASK)[dataset.ys["validation"]]
    pmal = evaluation.malignant_probability(cal.validation_probs)
    for name in sorted(set(dataset.validation_sources)):
        pick = dataset.validation_sources == name
        sens, spec = metrics.sensitivity_specificity(malignant[pick], pmal[pick], cal.threshold)
        # A source without malignant (or benign) validation images has no such figure: null, not 0.
        out[name] = {"images": int(pick.sum()), "malignant": int(malignant[pick].sum()),
                     "malignantSensitivity": metrics.rounded(sens), "malignantSpecificity": metrics.rounded(spec),
                     "malignantAuc": metrics.rounded(metrics.roc_auc(malignant[pick], pmal[pick]))}
    return out


def draw_figures(args: argparse.Namespace, report: dict, logits: Dict[str, np.ndarray], dataset: Dataset, histories: List[List[dict]],
                 choice: Choice, temperature: float) -> Dict[str, str]:
    figs = {
        "confusion": f"{MODEL_NAME}-confusion-test.png",
        "roc": f"{MODEL_NAME}-roc-test.png",
        "reliability": f"{MODEL_NAME}-reliability-test.png",
        "curves": f"{MODEL_NAME}-training-curves.png",
    }
    yt = dataset.ys["test"]
    test_before = shipped_probabilities(logits, "test", choice)
    test_probs = shipped_probabilities(logits, "test", choice, temperature)
    figures.confusion(np.array(report["test"]["confusionMatrix"]), os.path.join(args.out, figs["confusion"]),
                      f"HAM10000 test split ({len(yt)} images), shipped decision rule")
    figures.roc(yt, test_probs, np.asarray(MALIGNANT_MASK)[yt], evaluation.malignant_probability(test_probs),
                os.path.join(args.out, figs["roc"]), f"HAM10000 test split ({len(yt)} images): one-vs-rest ROC")
    figures.reliability(yt, test_before, test_probs, os.path.join(args.out, figs["reliability"]),
                        f"Reliability on the HAM10000 test split (temperature {temperature:.3f} fitted on validation)")
    figures.training_curves(histories, os.path.join(args.out, figs["curves"]))
    return figs


def write_outputs(args: argparse.Namespace, manifest: dict, histories: List[List[dict]], log: Log) -> None:
    """The manifest, the training histories and the model card rendered from the manifest."""
    path = os.path.join(args.out, f"{MODEL_NAME}.json")
    # The segmentation graph is trained separately (segment.py) on the same input tensor; a new classifier keeps it.
    if os.path.exists(path) and "segmentation" not in manifest:
        with open(path) as f:
            previous = json.load(f)
        if "segmentation" in previous:
            manifest["segmentation"] = previous["segmentation"]
    with open(path, "w") as f:
        json.dump(json_ready(manifest), f, indent=2, allow_nan=False)
    with open(os.path.join(args.out, f"{MODEL_NAME}-training-history.json"), "w") as f:
        json.dump(histories, f)
    with open(os.path.join(args.out, "MODEL_CARD.md"), "w") as f:
        f.write(card.render(manifest))
    log(f"done in {time.time() - log.start:.0f} s; artifacts in {args.out}")


def main(argv=None) -> int:
    args = parse_args(argv, description=__doc__)
    # One setting for this process and the member processes it spawns (they read the variable when they import).
    os.environ[mobilenet.NETWORK_SIZE_VARIABLE] = str(args.network_size)
    mobilenet.NETWORK_SIZE = args.network_size
    log, device = start(args)
    rows, by_split = read_split(args, log)
    check = conversion_check(args.weights, args.check_images, log)  # before anything trains on the conversion
    dataset = load_dataset(args, rows, by_split, device, log)
    if args.teacher_only:
        if args.distill_mode == "consistent":
            check_graph_teacher(args, dataset.xs["train"], device, log)
        else:
            teacher_logits(args.distill_from, dataset.xs["train"], args.work, log)
        return 0
    plan, configs = plan_members(args)
    train_missing_members(args, plan, dataset, device, log)
    if args.train_only:
        log(f"--train-only: members {args.train_only} trained into {args.work}; stopping before the pool is weighed")
        return 0
    members = load_members(plan, configs, device, log)
    logits = member_logits(members.nets, dataset, device, log)
    choice = choose_ensemble(args, members.nets, logits, dataset, device, log)
    cal = calibrate(logits["validation"], dataset.ys["validation"], dataset.priors, choice.members, choice.views,
                    dataset.validation_sources)
    log(f"temperature {cal.temperature:.4f}, exponent {cal.exponent}, threshold {cal.threshold} "
        f"(val sens {cal.validation_sensitivity:.4f}, spec {cal.validation_specificity:.4f})")
    shipped, onnx_path = export_graph(args, members.nets, choice, cal)
    export = check_graph(args, shipped, onnx_path, dataset, log)
    write_reference_predictions(args, export)
    report = evaluate_once(args, logits, dataset, choice, cal, log)
    figs = draw_figures(args, report, logits, dataset, members.histories, choice, cal.temperature)
    runtime = {"torch": torch.__version__, "device": torch.cuda.get_device_name(0) if device.type == "cuda" else "cpu",
               "seconds": round(time.time() - log.start, 1)}
    manifest = model_manifest(args, {s: len(v) for s, v in by_split.items()}, check, members, choice, cal, export, report,
                              figs, runtime, sha256(args.split))
    write_outputs(args, manifest, members.histories, log)
    return 0
