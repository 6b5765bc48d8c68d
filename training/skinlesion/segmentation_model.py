"""The lesion segmenter: MobileNetV2 encoder (ImageNet weights) with a light U-Net-style decoder, and its graph.

The graph takes the classifier's own input tensor (uint8 [N,150,200,3], the shared geometry rule), so one
preprocessing feeds both, and returns each pixel's lesion probability on that 200x150 grid.
"""
from __future__ import annotations

import inspect
from typing import List, Tuple

import torch
import torch.nn.functional as F
from torch import nn

from . import mobilenet
from .preprocess import HEIGHT, WIDTH

# (height, width) the 150x200 tensor is resized to inside the graph: 4:3 like the images, 0.55x the classifier's
# 224x224 work per member, so the added server time stays small (issue: <= 8 ms at p50).
NETWORK_HW = (144, 192)
INPUT_NAME = "image"
OUTPUT_NAME = "mask"
# Indices into torchvision's MobileNetV2 `features` after which the skip connections are taken (strides 2, 4, 8, 16)
# and where the encoder stops (stride 32, 320 channels: the final 1x1 conv to 1280 channels is not needed).
SKIPS = (1, 3, 6, 13)
ENCODER_END = 17
SKIP_CHANNELS = (16, 24, 32, 96)
DECODER_CHANNELS = (96, 64, 48, 32, 16)


def _block(c_in: int, c_out: int) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU(inplace=True))


class LesionSegmenter(nn.Module):
    """Normalised float [N,3,H,W] -> lesion logits [N,1,H,W]."""

    def __init__(self, features: nn.Sequential) -> None:
        super().__init__()
        self.features = features[: ENCODER_END + 1]
        top, *rest = DECODER_CHANNELS
        self.bottleneck = nn.Sequential(nn.Conv2d(320, top, 1, bias=False), nn.BatchNorm2d(top), nn.ReLU(inplace=True))
        ups: List[nn.Module] = []
        c = top
        for skip, out in zip(reversed(SKIP_CHANNELS), rest):
            ups.append(nn.Sequential(_block(c + skip, out), _block(out, out)))
            c = out
        self.ups = nn.ModuleList(ups)
        self.head = nn.Conv2d(c, 1, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        size = x.shape[2:]
        skips = []
        for i, layer in enumerate(self.features):
            x = layer(x)
            if i in SKIPS:
                skips.append(x)
        x = self.bottleneck(x)
        for up, skip in zip(self.ups, reversed(skips)):
            x = F.interpolate(x, size=skip.shape[2:], mode="bilinear", align_corners=False)
            x = up(torch.cat([x, skip], dim=1))
        return F.interpolate(self.head(x), size=size, mode="bilinear", align_corners=False)


def from_imagenet(weights_path: str) -> LesionSegmenter:
    backbone = mobilenet.build_mobilenet_v2(num_classes=1001)
    mobilenet.load_tflite_weights(backbone, weights_path)
    return LesionSegmenter(backbone.features)


def untrained() -> LesionSegmenter:
    """Same architecture, random weights (for tests and shape checks)."""
    return LesionSegmenter(mobilenet.build_mobilenet_v2(num_classes=1001).features)


def to_network_input(image_uint8_nhwc: torch.Tensor, hw: Tuple[int, int] = NETWORK_HW) -> torch.Tensor:
    """uint8 [N,150,200,3] -> normalised float [N,3,h,w] (bilinear, half-pixel centres, antialias off: as the graph)."""
    x = image_uint8_nhwc.permute(0, 3, 1, 2).float()
    return mobilenet.normalise(F.interpolate(x, size=hw, mode="bilinear", align_corners=False))


class DeployedSegmenter(nn.Module):
    """What ships: uint8 [N,150,200,3] -> lesion probability float32 [N,150,200]."""

    def __init__(self, net: LesionSegmenter, hw: Tuple[int, int] = NETWORK_HW) -> None:
        super().__init__()
        self.net = net
        self.hw = hw

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        logits = self.net(to_network_input(image, self.hw))
        logits = F.interpolate(logits, size=(HEIGHT, WIDTH), mode="bilinear", align_corners=False)
        return torch.sigmoid(logits[:, 0])


def export_onnx(model: DeployedSegmenter, path: str, height: int, width: int, opset: int = 17) -> None:
    model = model.eval().cpu()
    example = torch.zeros(2, height, width, 3, dtype=torch.uint8)
    kwargs = dict(input_names=[INPUT_NAME], output_names=[OUTPUT_NAME], opset_version=opset,
                  dynamic_axes={INPUT_NAME: {0: "N"}, OUTPUT_NAME: {0: "N"}}, do_constant_folding=True)
    # As model.export_onnx: the TorchScript exporter is the one both torch versions here support.
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    with torch.no_grad():
        torch.onnx.export(model, (example,), path, **kwargs)
    declare_output_shape(path, height, width)


def declare_output_shape(path: str, height: int, width: int) -> None:
    """The exporter names the mask's sides symbolically (its Resize takes N from the input); the contract is
    [N,height,width], which the service checks at startup, so the graph declares it."""
    import onnx

    graph = onnx.load(path)
    dims = graph.graph.output[0].type.tensor_type.shape.dim
    for dim, value in zip(dims[1:], (height, width)):
        dim.Clear()
        dim.dim_value = value
    onnx.checker.check_model(graph)
    onnx.save(graph, path)
