import numpy as np
import pytest
import torch

onnx = pytest.importorskip("onnx", reason="python3-onnx absent")

from skinlesion import fuse  # noqa: E402
from skinlesion.model import INPUT_NAME, OUTPUT_NAMES, DeployedModel, LesionNet, export_onnx  # noqa: E402


class _TinyFeatures(torch.nn.Sequential):
    def __init__(self):
        super().__init__(torch.nn.Conv2d(3, 8, 3, stride=8, padding=1), torch.nn.BatchNorm2d(8), torch.nn.ReLU6(),
                         torch.nn.Conv2d(8, 16, 3, stride=4, padding=1))


def _tiny_model(views=2, temperature=1.5):
    torch.manual_seed(0)
    member = LesionNet(_TinyFeatures(), feature_dim=16)
    return DeployedModel([member.eval(), LesionNet(_TinyFeatures(), feature_dim=16).eval()], views=views, temperature=temperature).eval()


def _dims(value_info):
    return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]


def test_export_of_a_tiny_model_declares_the_contract(tmp_path):
    path = str(tmp_path / "tiny.onnx")
    export_onnx(_tiny_model(), path, 150, 200)
    model = onnx.load(path)
    onnx.checker.check_model(model)
    assert model.opset_import[0].version >= 17
    (inp,) = model.graph.input
    assert inp.name == INPUT_NAME
    assert inp.type.tensor_type.elem_type == onnx.TensorProto.UINT8
    assert _dims(inp) == ["N", 150, 200, 3]
    outputs = {o.name: o for o in model.graph.output}
    assert list(outputs) == OUTPUT_NAMES
    assert _dims(outputs["probabilities"])[0] == "N"
    assert all(outputs[n].type.tensor_type.elem_type == onnx.TensorProto.FLOAT for n in OUTPUT_NAMES)


def test_deployed_outputs_are_consistent():
    model = _tiny_model(views=4, temperature=2.0)
    x = torch.randint(0, 256, (3, 150, 200, 3), dtype=torch.uint8)
    with torch.no_grad():
        probs, logits, embedding, cam = model(x)
    assert probs.shape == (3, 7) and logits.shape == (3, 7) and embedding.shape == (3, 16) and cam.shape[:2] == (3, 7)
    assert torch.allclose(probs.sum(1), torch.ones(3))
    assert torch.allclose(probs, torch.softmax(logits / 2.0, dim=1), atol=1e-6)


def test_fp16_storage_halves_the_file_without_changing_weights(tmp_path):
    model = _tiny_model()
    for member in model.members:
        fuse.round_to_fp16(fuse.fold_batchnorm(member))
    path = str(tmp_path / "tiny16.onnx")
    export_onnx(model, path, 150, 200)
    fuse.store_initializers_as_fp16(path)
    stored = onnx.load(path)
    assert any(i.data_type == onnx.TensorProto.FLOAT16 for i in stored.graph.initializer)
    assert not any(n.op_type == "BatchNormalization" for n in stored.graph.node)


def test_fp16_storage_refuses_unrounded_weights(tmp_path):
    path = str(tmp_path / "raw.onnx")
    export_onnx(_tiny_model(), path, 150, 200)
    with pytest.raises(ValueError, match="not fp16-exact"):
        fuse.store_initializers_as_fp16(path)
