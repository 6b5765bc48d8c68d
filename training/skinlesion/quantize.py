"""Static int8 quantization of a shipped graph, and what it costs on validation (issue "Faster than the peers", item 2).

The exported graph stores its weights as fp16 initializers cast to fp32 at load (skinlesion/fuse.py). ONNX Runtime's
static quantizer only quantizes float32 initializers, so the casts are folded first (`fold_fp16_casts`: the same fp32
values, now stored). Then `quantize_static` writes QDQ pairs around the convolutions and matrix products (weights int8
per channel, activations uint8 per tensor), calibrated on HAM10000 *training* images (MinMax over the calibration set).
The graph's uint8 input, its resize and its pooling stay as they are.

`study` measures the int8 graph against the fp32 one on HAM10000 validation, never on test: macro and malignant AUC
(the issue's limit: within 0.005 of fp32), the largest change of any probability, of the embedding and of the
early-stage statistics (the screening's inputs, which a quantized graph would have to be refitted on), and the median
latency of one image at 1 and 2 intra-op threads on this machine. It writes a JSON report and nothing in models/.

Entry point: training/quantize.py (--help).
"""
from __future__ import annotations

import argparse
import json
import os
import tempfile
import time

import numpy as np

from . import data, metrics, onnxcheck, split
from .labels import INDEX, MALIGNANT_MASK


def fold_fp16_casts(model):
    """The model with every fp16 initializer that feeds only a Cast-to-float node replaced by its fp32 value.

    The values are identical (fp16 -> fp32 is exact); only their storage changes, so the quantizer sees the weights.
    """
    import onnx
    from onnx import numpy_helper

    graph = model.graph
    initializers = {i.name: i for i in graph.initializer}
    consumers: dict = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    folded, keep = 0, []
    for node in graph.node:
        source = node.input[0] if node.op_type == "Cast" and node.input else None
        to = next((a.i for a in node.attribute if a.name == "to"), None)
        if (source in initializers and to == onnx.TensorProto.FLOAT
                and initializers[source].data_type == onnx.TensorProto.FLOAT16 and len(consumers[source]) == 1):
            value = numpy_helper.to_array(initializers[source]).astype(np.float32)
            graph.initializer.append(numpy_helper.from_array(value, node.output[0]))
            graph.initializer.remove(initializers[source])
            folded += 1
            continue
        keep.append(node)
    del graph.node[:]
    graph.node.extend(keep)
    return model, folded


class _Calibration:
    """The quantizer's calibration reader: one image at a time (batch 1, as the service runs)."""

    def __init__(self, input_name: str, images: np.ndarray):
        self._input, self._images, self._i = input_name, images, 0

    def get_next(self):
        if self._i >= len(self._images):
            return None
        self._i += 1
        return {self._input: self._images[self._i - 1 : self._i]}

    def rewind(self):
        self._i = 0


def quantize(fp32_path: str, out_path: str, calibration: np.ndarray, per_channel: bool = True) -> dict:
    """Writes the int8 QDQ graph of ``fp32_path`` to ``out_path``; returns what was done."""
    import onnx
    from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType, quantize_static

    model, folded = fold_fp16_casts(onnx.load(fp32_path))
    work = tempfile.mkdtemp(prefix="quantize-")
    folded_path = os.path.join(work, "fp32-folded.onnx")
    onnx.save(model, folded_path)
    input_name = model.graph.input[0].name
    quantize_static(folded_path, out_path, _Calibration(input_name, calibration), quant_format=QuantFormat.QDQ,
                    op_types_to_quantize=["Conv", "MatMul", "Gemm"], per_channel=per_channel,
                    activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                    calibrate_method=CalibrationMethod.MinMax)
    return {"foldedCasts": folded, "calibrationImages": int(len(calibration)), "perChannel": per_channel,
            "format": "QDQ", "weights": "int8", "activations": "uint8", "ops": ["Conv", "MatMul", "Gemm"],
            "calibration": "MinMax", "bytes": os.path.getsize(out_path)}


def _figures(outputs: dict, y: np.ndarray) -> dict:
    probs = outputs["probabilities"].astype(np.float64)
    malignant = probs[:, np.asarray(MALIGNANT_MASK)].sum(axis=1)
    return {"macroAuc": round(metrics.macro_auc(y, probs), 5),
            "malignantAuc": round(metrics.roc_auc(np.asarray(MALIGNANT_MASK)[y].astype(int), malignant), 5)}


def study(args: argparse.Namespace) -> int:
    rows = split.read_split(args.split)
    by = {s: [r for r in rows if r["split"] == s] for s in ("train", "validation")}
    rng = np.random.default_rng(args.seed)
    train_ids = [by["train"][i]["image_id"] for i in sorted(rng.choice(len(by["train"]), args.calibration, replace=False))]
    archive = os.path.join(args.data, "images.tar.gz")
    calibration = data.load_images(archive, train_ids)
    validation = data.load_images(archive, [r["image_id"] for r in by["validation"]])
    y = np.array([INDEX[r["dx"]] for r in by["validation"]])
    started = time.time()
    done = quantize(args.model, args.out_model, calibration, per_channel=not args.per_tensor)
    seconds = round(time.time() - started, 1)
    fp32 = onnxcheck.run(args.model, validation, threads=args.threads)
    int8 = onnxcheck.run(args.out_model, validation, threads=args.threads)
    a, b = _figures(fp32, y), _figures(int8, y)
    report = {
        "model": os.path.basename(args.model), "quantization": {**done, "seconds": seconds},
        "measuredOn": f"HAM10000 validation ({len(y)} images, {args.split}); calibration: {len(train_ids)} training images, seed {args.seed}",
        "fp32": a, "int8": b,
        "difference": {k: round(b[k] - a[k], 5) for k in a},
        "maxAbsDifference": {name: float(np.max(np.abs(int8[name].astype(np.float64) - fp32[name]))) for name in fp32},
        "meanAbsEmbedding": float(np.mean(np.abs(fp32["embedding"]))),
        "latency": {f"{kind}Threads{t}": onnxcheck.latency_ms(path, validation[0], threads=t, runs=args.runs)
                    for kind, path in (("fp32", args.model), ("int8", args.out_model)) for t in (1, 2)},
    }
    report["withinLimit"] = all(abs(report["difference"][k]) <= 0.005 for k in ("macroAuc", "malignantAuc"))
    with open(args.report, "w") as f:
        json.dump(report, f, indent=1)
    print(json.dumps({k: report[k] for k in ("fp32", "int8", "difference", "withinLimit", "latency")}, indent=1))
    return 0


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="models/skin-lesion-mobilenetv2.onnx", help="the fp32 graph (default: %(default)s)")
    p.add_argument("--data", required=True, help="HAM10000 folder (images.tar.gz)")
    p.add_argument("--split", default="training/splits/ham10000.csv", help="split file (default: %(default)s)")
    p.add_argument("--out-model", required=True, help="where the int8 graph is written (never models/ by this study)")
    p.add_argument("--report", required=True, help="JSON report path")
    p.add_argument("--calibration", type=int, default=256, help="training images to calibrate on (default: %(default)s)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--per-tensor", action="store_true", help="per-tensor weight scales instead of per-channel")
    p.add_argument("--threads", type=int, default=4, help="intra-op threads for the validation pass (default: %(default)s)")
    p.add_argument("--runs", type=int, default=100, help="latency runs per setting (default: %(default)s)")
    return p.parse_args(argv)


def main(argv=None) -> int:
    return study(parse_args(argv))
