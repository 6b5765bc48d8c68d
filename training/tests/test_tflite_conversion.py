import os

import numpy as np
import pytest
import torch
from conftest import SKIMAGE_DATA, WEIGHTS

from skinlesion import mobilenet, tflite
from skinlesion.model import to_network_input

needs_weights = pytest.mark.skipif(not os.path.exists(WEIGHTS), reason="../shared/weights absent: the TFLite file is not in an outsider's clone")


@needs_weights
def test_reader_decodes_the_real_file():
    model = tflite.read_tflite(WEIGHTS)
    assert len(model.tensors) == 174
    assert len(model.operators) == 66
    assert model.count(tflite.CONV_2D) == 36
    assert model.count(tflite.DEPTHWISE_CONV_2D) == 17
    assert model.count(tflite.ADD) == 10
    first = model.operators[0]
    assert first.options == {"padding": "SAME", "stride": (2, 2), "activation": "relu6"}
    weights = model.tensors[first.inputs[1]]
    assert weights.shape == [32, 3, 3, 3] and weights.dtype == np.uint8
    assert model.tensors[model.inputs[0]].scale == pytest.approx(1 / 128)  # pixel/127.5-1 in uint8 form


def test_reader_rejects_a_file_that_is_not_tflite(tmp_path):
    path = tmp_path / "not.tflite"
    path.write_bytes(b"\x00" * 64)
    with pytest.raises(ValueError, match="not a TFLite"):
        tflite.read_tflite(str(path))


def _photo(name):
    from PIL import Image

    im = Image.open(os.path.join(SKIMAGE_DATA, name + ".png")).convert("RGB")
    w, h = im.size
    s = min(w, h)
    im = im.crop(((w - s) // 2, (h - s) // 2, (w - s) // 2 + s, (h - s) // 2 + s)).resize((224, 224), Image.BICUBIC)
    return mobilenet.normalise(torch.from_numpy(np.array(im)).permute(2, 0, 1)[None].float())


@needs_weights
@pytest.mark.skipif(not os.path.exists(os.path.join(SKIMAGE_DATA, "chelsea.png")), reason="python3-skimage's sample photos absent")
@pytest.mark.parametrize("photo,classes", [("chelsea", {282, 283, 284, 286}), ("coffee", {505, 968, 969})])
def test_converted_network_names_the_photo(photo, classes):
    model = mobilenet.imagenet_model(WEIGHTS)
    with torch.no_grad():
        p = model(_photo(photo)).softmax(1)[0]
    top = int(p.argmax())
    assert top in classes, f"{photo}: top-1 {top} ({mobilenet.IMAGENET_CLASSES.get(top, 'other')})"
    assert float(p[list(classes)].sum()) > 0.8


@needs_weights
def test_tf_same_padding_matters():
    # With PyTorch's symmetric padding the features shift by a pixel; the converted network must not.
    model = mobilenet.imagenet_model(WEIGHTS)
    assert isinstance(model.features[0][0], torch.nn.Sequential)
    assert model.features[0][0][0].padding == (0, 1, 0, 1)


def test_batchnorm_recalibration_keeps_the_function_and_sets_real_statistics():
    torch.manual_seed(0)
    model = mobilenet.build_mobilenet_v2(num_classes=10)
    for bn in (m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)):
        bn.running_mean.zero_()
        bn.running_var.fill_(1 - bn.eps)
        bn.weight.data.fill_(1.0)
        bn.bias.data.normal_()
    x = to_network_input(torch.randint(0, 256, (4, 150, 200, 3), dtype=torch.uint8))
    model.eval()
    with torch.no_grad():
        before = model(x)
    mobilenet.recalibrate_batchnorm(model, [x])
    with torch.no_grad():
        after = model(x)
    assert torch.allclose(before, after, atol=1e-3, rtol=1e-4)
    first_bn = model.features[0][1]
    assert float(first_bn.running_var.mean()) != pytest.approx(1 - first_bn.eps)
    # In train mode (batch statistics) the output is now close to eval mode: BN can be trained.
    model.eval()
    with torch.no_grad():
        eval_features = model.features(x)
    model.train()
    with torch.no_grad():
        train_features = model.features(x)
    assert torch.allclose(train_features, eval_features, atol=1e-3, rtol=1e-3)
