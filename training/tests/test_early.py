"""training/skinlesion/early.py: which tensors the early_statistics output taps, and its layout."""
import json
import os

import onnx
import pytest
from conftest import REPO
from onnx import TensorProto, helper

from skinlesion.early import OUTPUT_NAME, add_early_statistics, tapped_tensors


def exported_like(members: int, drop_stage6_of: int | None = None) -> onnx.ModelProto:
    """A tiny graph whose tensor names follow torch.onnx's TorchScript export of the ensemble."""
    x = helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 4, 8, 8])
    nodes, outputs = [], []
    for m in range(members):
        s = "" if m == 0 else f"_{m}"
        stem = f"/features/features.0/features.0.2{s}/Clip_output_0"
        nodes.append(helper.make_node("Relu", ["image"], [stem]))
        stage6 = f"/features/features.6{s}/Add_output_0"
        if m != drop_stage6_of:
            nodes.append(helper.make_node("Add", [stem, stem], [stage6]))
            outputs.append(stage6)
        else:
            outputs.append(stem)
    nodes.append(helper.make_node("Concat", outputs, ["probabilities"], axis=1))
    y = helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [1, 4 * members, 8, 8])
    graph = helper.make_graph(nodes, "g", [x], [y])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def test_taps_are_found_per_member_in_member_order():
    taps = tapped_tensors(exported_like(3).graph)
    assert taps[0] == ["/features/features.0/features.0.2/Clip_output_0", "/features/features.6/Add_output_0"]
    assert taps[2] == ["/features/features.0/features.0.2_2/Clip_output_0", "/features/features.6_2/Add_output_0"]


def test_output_concatenates_mean_then_log_std_per_member_and_tap():
    model = add_early_statistics(exported_like(2))
    concat = next(n for n in model.graph.node if n.output == [OUTPUT_NAME])
    assert list(concat.input) == [f"{OUTPUT_NAME}/m{m}/t{t}/{kind}" for m in range(2) for t in range(2) for kind in ("mean", "log_std")]
    assert [o.name for o in model.graph.output] == ["probabilities", OUTPUT_NAME]


def test_a_member_without_a_tap_is_refused():
    with pytest.raises(ValueError, match="every ensemble member"):
        add_early_statistics(exported_like(2, drop_stage6_of=1))


def test_adding_twice_is_refused():
    model = add_early_statistics(exported_like(1))
    with pytest.raises(ValueError, match="already has an output"):
        add_early_statistics(model)


def test_shipped_model_lists_the_output_beside_the_original_four():
    with open(os.path.join(REPO, "models", "skin-lesion-mobilenetv2.json")) as f:
        manifest = json.load(f)
    model = onnx.load(os.path.join(REPO, "models", manifest["file"]), load_external_data=False)
    assert [o.name for o in model.graph.output] == ["probabilities", "logits", "embedding", "cam", OUTPUT_NAME]
    assert manifest["outputs"]["earlyStatistics"] == OUTPUT_NAME
    # One pair of tapped stages per ensemble member.
    assert len(tapped_tensors(model.graph)) == len(manifest["training"]["selection"]["chosen"]["members"])
