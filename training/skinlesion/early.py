"""The `early_statistics` output: per-channel activation statistics of two early MobileNetV2 stages.

The embedding (the last stage, pooled) says which lesion class an image resembles; it is blind to what the
early stages see, the local colour and texture an image is made of. A fundus photograph lands among nevi in
the embedding, but its early activations (vessels on a smooth orange field) are unlike any dermoscopic
image's. training/ood.py fits a second distance on these statistics (docs/decisions/0009, amendment 2).

For every ensemble member and each of the two tapped stages the output holds, per channel, the mean over
the feature map and log(standard deviation + 1e-3), all computed inside the graph, so the C# service and
numpy read the same float32 numbers:

    [member 0: stem mean (32), stem log-std (32), features.6 mean (32), features.6 log-std (32), member 1: ...]

Taps: the stem (features.0, stride 2) and the end of the third stage (features.6, stride 8). They were
chosen on development data only (HAM10000 validation, ISIC 2017 validation, development negatives).

The function edits an exported graph (torch.onnx's TorchScript names), so it applies both to a fresh export
(train.py) and to an already shipped model (training/early_statistics.py) without changing any other output.
"""
from __future__ import annotations

import re

OUTPUT_NAME = "early_statistics"
EPSILON = 1e-3
# (label, regex of the tapped tensor with the member suffix as group 1: "" for member 0, "_1", "_2", ...)
TAPS = [
    ("stem", r"/features/features\.0/features\.0\.2(_\d+)?/Clip_output_0"),
    ("stage6", r"/features/features\.6(_\d+)?/Add_output_0"),
]


def _member(suffix: str | None) -> int:
    return 0 if not suffix else int(suffix[1:])


def tapped_tensors(graph) -> list[list[str]]:
    """[member][tap] tensor names; raises when a member lacks a tap (an unfamiliar export)."""
    produced = [o for node in graph.node for o in node.output]
    found: dict[int, dict[str, str]] = {}
    for label, pattern in TAPS:
        for name in produced:
            match = re.fullmatch(pattern, name)
            if match:
                found.setdefault(_member(match.group(1)), {})[label] = name
    if not found:
        raise ValueError("no tapped tensor found: the graph is not a TorchScript export of training/skinlesion/model.py")
    members = sorted(found)
    if members != list(range(len(members))) or any(len(found[m]) != len(TAPS) for m in members):
        raise ValueError(f"every ensemble member needs the taps {[t for t, _ in TAPS]}; found {found}")
    return [[found[m][label] for label, _ in TAPS] for m in members]


def add_early_statistics(model):
    """Adds the `early_statistics` output [N, members * sum over taps of 2 * channels] to an onnx ModelProto in place."""
    import onnx
    from onnx import TensorProto, helper

    graph = model.graph
    if any(o.name == OUTPUT_NAME for o in graph.output):
        raise ValueError(f"the graph already has an output named {OUTPUT_NAME}")
    opset = next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
    if opset >= 18:
        raise ValueError(f"opset {opset}: ReduceMean takes axes as an input from opset 18; extend this function first")

    epsilon = f"{OUTPUT_NAME}/epsilon"
    zero = f"{OUTPUT_NAME}/zero"
    graph.initializer.append(helper.make_tensor(epsilon, TensorProto.FLOAT, [], [EPSILON]))
    graph.initializer.append(helper.make_tensor(zero, TensorProto.FLOAT, [], [0.0]))
    parts = []
    for m, taps in enumerate(tapped_tensors(graph)):
        for t, tensor in enumerate(taps):
            p = f"{OUTPUT_NAME}/m{m}/t{t}/"
            graph.node.extend([
                helper.make_node("ReduceMean", [tensor], [p + "mean"], axes=[2, 3], keepdims=0),
                helper.make_node("Mul", [tensor, tensor], [p + "square"]),
                helper.make_node("ReduceMean", [p + "square"], [p + "mean_square"], axes=[2, 3], keepdims=0),
                helper.make_node("Mul", [p + "mean", p + "mean"], [p + "squared_mean"]),
                helper.make_node("Sub", [p + "mean_square", p + "squared_mean"], [p + "raw_variance"]),
                # E[x^2] - E[x]^2 can round below zero for a flat channel.
                helper.make_node("Max", [p + "raw_variance", zero], [p + "variance"]),
                helper.make_node("Sqrt", [p + "variance"], [p + "std"]),
                helper.make_node("Add", [p + "std", epsilon], [p + "std_eps"]),
                helper.make_node("Log", [p + "std_eps"], [p + "log_std"]),
            ])
            parts += [p + "mean", p + "log_std"]
    graph.node.append(helper.make_node("Concat", parts, [OUTPUT_NAME], axis=1))
    graph.output.append(helper.make_tensor_value_info(OUTPUT_NAME, TensorProto.FLOAT, ["N", None]))
    onnx.checker.check_model(model)
    return model
