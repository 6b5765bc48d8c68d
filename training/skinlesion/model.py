"""The classifier and the deployed graph (uint8 image in; probabilities, logits, embedding, CAM out)."""
from __future__ import annotations

from typing import List, Sequence

import torch
import torch.nn.functional as F
from torch import nn

from . import mobilenet
from .labels import CODES


class LesionNet(nn.Module):
    """MobileNetV2 features + global average pooling + a linear layer over the seven classes."""

    def __init__(self, features: nn.Module, feature_dim: int = 1280, num_classes: int = len(CODES), dropout: float = 0.2,
                 colour_constancy: bool = False) -> None:
        super().__init__()
        # Part of the network's input rule, not a weight: to_network_input reads it (see shades_of_gray).
        self.colour_constancy = colour_constancy
        self.features = features
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(feature_dim, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classify(self.embed(x))

    def embed(self, x: torch.Tensor) -> torch.Tensor:
        """The pooled features: what the deployed graph's `embedding` output gives of its first member."""
        return self.features(x).mean(dim=(2, 3))

    def classify(self, pooled: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.dropout(pooled))


def from_imagenet(weights_path: str, dropout: float = 0.2, colour_constancy: bool = False) -> LesionNet:
    backbone = mobilenet.build_mobilenet_v2(num_classes=1001)
    mobilenet.load_tflite_weights(backbone, weights_path)
    return LesionNet(backbone.features, dropout=dropout, colour_constancy=colour_constancy)


def untrained(colour_constancy: bool = False) -> LesionNet:
    """Same architecture, random weights (for tests and shape checks)."""
    return LesionNet(mobilenet.build_mobilenet_v2(num_classes=1001).features, colour_constancy=colour_constancy)


def shades_of_gray(x: torch.Tensor, p: float = 6.0) -> torch.Tensor:
    """Float [N,3,H,W] in 0..255 -> the same scene under a neutral light, brightness kept (Shades of Gray colour
    constancy, Finlayson & Trezzi 2004; used for dermoscopy by Barata et al. 2015): each channel is scaled so that
    its Minkowski p-norm mean equals the mean of the three. Other clinics' light and white balance then reach the
    network alike."""
    illuminant = x.clamp(min=1e-3).pow(p).mean(dim=(2, 3), keepdim=True).pow(1.0 / p)
    return (x * (illuminant.mean(dim=1, keepdim=True) / illuminant)).clamp(0, 255)


def to_network_input(image_uint8_nhwc: torch.Tensor, size: int | None = None, colour_constancy: bool = False) -> torch.Tensor:
    """uint8 [N,H,W,3] -> normalised float [N,3,size,size] (bilinear, half-pixel centres; Shades of Gray first when on).

    size defaults to mobilenet.NETWORK_SIZE as it is when called (a run may set it), not when this module was imported."""
    size = mobilenet.NETWORK_SIZE if size is None else size
    x = image_uint8_nhwc.permute(0, 3, 1, 2).float()
    x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
    return mobilenet.normalise(shades_of_gray(x) if colour_constancy else x)


def dihedral_views(x: torch.Tensor, count: int) -> List[torch.Tensor]:
    """The first ``count`` of the 8 flips/rotations of a square image batch, identity first."""
    views = [
        x,
        torch.flip(x, dims=[3]),
        torch.flip(x, dims=[2]),
        torch.flip(x, dims=[2, 3]),
        x.transpose(2, 3),
        torch.flip(x.transpose(2, 3), dims=[3]),
        torch.flip(x.transpose(2, 3), dims=[2]),
        torch.flip(x.transpose(2, 3), dims=[2, 3]),
    ]
    if count not in (1, 2, 4, 8):
        raise ValueError(f"views must be 1, 2, 4 or 8, not {count}")
    return views[:count]


class DeployedModel(nn.Module):
    """What ships: an ensemble with test-time augmentation and temperature, as one graph.

    logits = mean over members and views of each member's logits; probabilities =
    softmax(logits / temperature); embedding = first member's pooled features of the plain view;
    cam[c] = sum_k W[c,k] * feature_map[k] + b[c] of the plain view, averaged over members (its
    spatial mean is the plain view's logit).
    """

    def __init__(self, members: Sequence[LesionNet], views: int, temperature: float, size: int | None = None) -> None:
        super().__init__()
        self.members = nn.ModuleList(members)
        self.views = views
        self.size = mobilenet.NETWORK_SIZE if size is None else size
        self.register_buffer("inverse_temperature", torch.tensor(1.0 / temperature, dtype=torch.float32))
        self.colour_constancy = members[0].colour_constancy

    def forward(self, image: torch.Tensor):
        n = image.shape[0]
        x = to_network_input(image, self.size, self.colour_constancy)
        batch = torch.cat(dihedral_views(x, self.views), dim=0)
        logits_sum = None
        cam_sum = None
        embedding = None
        for member in self.members:
            fmap = member.features(batch)
            pooled = fmap.mean(dim=(2, 3))
            logits = member.classifier(pooled)
            logits = logits.reshape(self.views, n, logits.shape[1]).mean(dim=0)
            plain = fmap[:n]
            cam = torch.einsum("ck,nkhw->nchw", member.classifier.weight, plain) + member.classifier.bias[None, :, None, None]
            if embedding is None:
                embedding = pooled[:n]
            logits_sum = logits if logits_sum is None else logits_sum + logits
            cam_sum = cam if cam_sum is None else cam_sum + cam
        count = float(len(self.members))
        logits = logits_sum / count
        probabilities = torch.softmax(logits * self.inverse_temperature, dim=1)
        return probabilities, logits, embedding, cam_sum / count


OUTPUT_NAMES = ["probabilities", "logits", "embedding", "cam"]
INPUT_NAME = "image"


def export_onnx(model: DeployedModel, path: str, height: int, width: int, opset: int = 17) -> None:
    import inspect

    model = model.eval().cpu()
    example = torch.zeros(2, height, width, 3, dtype=torch.uint8)
    kwargs = dict(
        input_names=[INPUT_NAME],
        output_names=OUTPUT_NAMES,
        opset_version=opset,
        dynamic_axes={INPUT_NAME: {0: "N"}, **{name: {0: "N"} for name in OUTPUT_NAMES}},
        do_constant_folding=True,
    )
    # torch >= 2.9 defaults to the dynamo exporter, which needs onnxscript; the TorchScript
    # exporter is what both Debian's torch 1.13 and the GPU machine's torch support.
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        kwargs["dynamo"] = False
    with torch.no_grad():
        torch.onnx.export(model, (example,), path, **kwargs)
