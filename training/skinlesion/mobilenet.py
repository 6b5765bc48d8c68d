"""torchvision's MobileNetV2, made to compute what the TF-slim/TFLite MobileNetV2 computes.

Two differences matter when lifting the TFLite weights:

* Padding. TensorFlow's 'SAME' padding of a stride-2 3x3 convolution on an even-sized input
  pads 0 pixels on the top/left and 1 on the bottom/right; PyTorch's symmetric padding=1 pads
  one on every side and shifts every feature by a pixel. The five stride-2 convolutions are
  therefore given an explicit asymmetric ZeroPad2d and padding=0.
* Batch-norm. The file holds convolution weights with batch-norm already folded in (w' = w *
  gamma / sigma, b' = beta - gamma * mu / sigma). We load w' into the convolution and make each
  BatchNorm2d the exact identity plus b'. Before BN is trained, ``recalibrate_batchnorm`` measures
  each BN input's real mean/variance on training images and rewrites gamma/beta so the
  network's function is unchanged while the BN statistics are real; otherwise train-mode BN
  would normalise with batch statistics the folded weights never saw and wreck the features.
"""
from __future__ import annotations

from typing import Iterable, List, Tuple

import os

import numpy as np
import torch
from torch import nn
from torchvision.models import mobilenet_v2

from . import tflite

# The side of the square network input: the HAM10000 images (150x200) are resized to it inside the graph. The
# ImageNet weights were trained at 224; a smaller side costs less (MobileNetV2's work grows with the pixel count).
# `train.py --network-size` sets it for a run through this variable, which spawned member processes inherit.
NETWORK_SIZE_VARIABLE = "SKINLESION_NETWORK_SIZE"
NETWORK_SIZE = int(os.environ.get(NETWORK_SIZE_VARIABLE, "224"))


def normalise(x: torch.Tensor) -> torch.Tensor:
    """pixel / 127.5 - 1, the input scaling the TF-slim MobileNetV2 was trained with."""
    return x / 127.5 - 1.0


def _conv_bn_pairs(model: nn.Module) -> List[Tuple[nn.Conv2d, nn.BatchNorm2d]]:
    pairs = []
    pending = None
    for module in model.features.modules():
        if isinstance(module, nn.Conv2d):
            pending = module
        elif isinstance(module, nn.BatchNorm2d):
            assert pending is not None
            pairs.append((pending, module))
            pending = None
    return pairs


def _use_tf_same_padding(model: nn.Module) -> None:
    """Replace every stride-2 conv's symmetric padding by TF 'SAME' (0 before, 1 after)."""
    for parent in list(model.modules()):
        for name, child in list(parent.named_children()):
            if isinstance(child, nn.Conv2d) and child.stride == (2, 2):
                child.padding = (0, 0)
                setattr(parent, name, nn.Sequential(nn.ZeroPad2d((0, 1, 0, 1)), child))


def build_mobilenet_v2(num_classes: int = 1001, dropout: float = 0.2) -> nn.Module:
    model = mobilenet_v2(num_classes=num_classes, dropout=dropout)
    _use_tf_same_padding(model)
    return model


def load_tflite_weights(model: nn.Module, path: str) -> None:
    """Copy the dequantised TFLite weights into ``model`` (built by build_mobilenet_v2)."""
    lite = tflite.read_tflite(path)
    convs = [op for op in lite.operators if op.opcode in (tflite.CONV_2D, tflite.DEPTHWISE_CONV_2D)]
    pairs = _conv_bn_pairs(model)
    if len(convs) != len(pairs) + 1:
        raise ValueError(f"expected {len(pairs) + 1} convolutions in {path}, found {len(convs)}")

    with torch.no_grad():
        for op, (conv, bn) in zip(convs[:-1], pairs):
            weight = lite.tensors[op.inputs[1]].dequantize()
            bias = lite.tensors[op.inputs[2]].dequantize()
            if op.opcode == tflite.DEPTHWISE_CONV_2D:
                weight = weight[0].transpose(2, 0, 1)[:, None]  # 1HWC -> C1HW
            else:
                weight = weight.transpose(0, 3, 1, 2)  # OHWI -> OIHW
            if tuple(weight.shape) != tuple(conv.weight.shape):
                raise ValueError(f"shape mismatch at {lite.tensors[op.inputs[1]].name}: {weight.shape} vs {tuple(conv.weight.shape)}")
            stride = tuple(op.options.get("stride", (1, 1)))
            if stride != tuple(conv.stride):
                raise ValueError(f"stride mismatch at {lite.tensors[op.inputs[1]].name}: {stride} vs {conv.stride}")
            conv.weight.copy_(torch.from_numpy(np.ascontiguousarray(weight)))
            # BN as identity + folded bias: (x - 0) / sqrt(1 - eps + eps) * 1 + b.
            bn.running_mean.zero_()
            bn.running_var.fill_(1.0 - bn.eps)
            bn.weight.fill_(1.0)
            bn.bias.copy_(torch.from_numpy(bias))

        logits = convs[-1]
        weight = lite.tensors[logits.inputs[1]].dequantize().reshape(1001, 1280)
        bias = lite.tensors[logits.inputs[2]].dequantize()
        linear = model.classifier[-1]
        if linear.out_features == 1001:
            linear.weight.copy_(torch.from_numpy(weight))
            linear.bias.copy_(torch.from_numpy(bias))


@torch.no_grad()
def recalibrate_batchnorm(model: nn.Module, batches: Iterable[torch.Tensor]) -> None:
    """Give every BN real running statistics without changing the network's function.

    Runs ``batches`` (already normalised network inputs) through the model in eval mode,
    accumulating each BN input's per-channel mean and variance, then sets running_mean/var to
    them and gamma = sqrt(var + eps), beta = mean + beta_old, so that in eval mode
    BN(x) = (x - mean) / sqrt(var + eps) * gamma + beta = x + beta_old, as before.
    """
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    sums = {bn: None for bn in bns}
    sqsums = {bn: None for bn in bns}
    counts = {bn: 0 for bn in bns}

    def hook(bn):
        def record(_module, inputs, _output):
            x = inputs[0].double()
            s = x.sum(dim=(0, 2, 3))
            q = (x * x).sum(dim=(0, 2, 3))
            sums[bn] = s if sums[bn] is None else sums[bn] + s
            sqsums[bn] = q if sqsums[bn] is None else sqsums[bn] + q
            counts[bn] += x.shape[0] * x.shape[2] * x.shape[3]

        return record

    handles = [bn.register_forward_hook(hook(bn)) for bn in bns]
    was_training = model.training
    model.eval()
    try:
        for batch in batches:
            model(batch)
    finally:
        for h in handles:
            h.remove()
        model.train(was_training)

    for bn in bns:
        mean = sums[bn] / counts[bn]
        var = (sqsums[bn] / counts[bn] - mean * mean).clamp_min(0.0)
        # The folded bias was applied with the identity running stats; keep the function fixed.
        old_beta = bn.bias.double() - bn.running_mean.double() * bn.weight.double() / torch.sqrt(bn.running_var.double() + bn.eps)
        bn.running_mean.copy_(mean.float())
        bn.running_var.copy_(var.float())
        bn.weight.copy_(torch.sqrt(var + bn.eps).float())
        bn.bias.copy_((mean + old_beta).float())


def imagenet_model(weights_path: str) -> nn.Module:
    """The converted ImageNet classifier (1001 classes, index 0 = background), in eval mode."""
    model = build_mobilenet_v2(num_classes=1001)
    load_tflite_weights(model, weights_path)
    return model.eval()


# The few ImageNet classes the conversion check needs, in the 1001-class indexing of the file
# (TF-slim's index = the usual 1000-class index + 1).
IMAGENET_CLASSES = {
    282: "tabby",
    283: "tiger cat",
    284: "Persian cat",
    286: "Egyptian cat",
    505: "coffee mug",
    968: "espresso",
    969: "cup",
}
