"""A deployed graph's members rebuilt as a PyTorch network, so a student can be distilled from what the teacher says of
each augmented batch (consistent distillation) instead of from fixed logits of the un-augmented images.

The shipped graph is the only copy of a released model's weights (member checkpoints are not kept), so the teacher is
rebuilt from it: every member is the BN-folded MobileNetV2 of model.py, its convolutions' and classifier's weights read
from the graph's Conv and Gemm nodes in execution order. `agreement` checks the result against onnxruntime on real
images before anything trains on it.
"""
from __future__ import annotations

from typing import Dict, List, Tuple

import numpy as np
import torch
from torch import nn

from . import fuse
from .model import LesionNet, to_network_input, untrained


class GraphTeacher(nn.Module):
    """The mean logits of the graph's members on a normalised [N, 3, size, size] batch, as the graph's `logits` output
    computes them for one view."""

    def __init__(self, members: List[LesionNet], size: int) -> None:
        super().__init__()
        self.members = nn.ModuleList(members)
        self.size = size

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.logits_and_embedding(x)[0]

    def logits_and_embedding(self, x: torch.Tensor):
        """The mean logits and the first member's pooled features, as the graph's `logits` and `embedding` outputs
        compute them for one view."""
        pooled = [member.embed(x) for member in self.members]
        logits = torch.stack([member.classify(p) for member, p in zip(self.members, pooled)]).mean(dim=0)
        return logits, pooled[0]


def _convolutions(net: nn.Module) -> List[nn.Conv2d]:
    return [m for m in net.modules() if isinstance(m, nn.Conv2d)]


def _constants(graph) -> Dict[str, np.ndarray]:
    """Every initializer and Constant node's value, followed through Cast and Identity (the graph stores fp16 weights
    and casts them)."""
    from onnx import numpy_helper

    values = {init.name: np.array(numpy_helper.to_array(init)) for init in graph.initializer}
    for node in graph.node:
        if node.op_type == "Constant":
            for attribute in node.attribute:
                if attribute.name == "value":
                    values[node.output[0]] = np.array(numpy_helper.to_array(attribute.t))
    changed = True
    while changed:
        changed = False
        for node in graph.node:
            if node.op_type in ("Cast", "Identity") and node.input[0] in values and node.output[0] not in values:
                values[node.output[0]] = values[node.input[0]].astype(np.float32)
                changed = True
    return values


def load(path: str, size: int) -> GraphTeacher:
    """The graph's members as one eval-mode teacher (fp32, on the CPU). Fails with the reason when the graph's
    convolutions do not match the member architecture."""
    import onnx

    graph = onnx.load(path).graph
    values = _constants(graph)
    convs = [n for n in graph.node if n.op_type == "Conv"]
    gemms = [n for n in graph.node if n.op_type == "Gemm"]
    per_member = len(_convolutions(fuse.fold_batchnorm(untrained().eval())))
    if not convs or len(convs) % per_member or len(gemms) != len(convs) // per_member:
        raise SystemExit(f"{path}: {len(convs)} Conv and {len(gemms)} Gemm nodes; a member has {per_member} convolutions "
                         "and one classifier, so this graph's members are not the MobileNetV2 of model.py")
    members = []
    for m in range(len(gemms)):
        net = fuse.fold_batchnorm(untrained().eval())
        with torch.no_grad():
            for conv, node in zip(_convolutions(net), convs[m * per_member : (m + 1) * per_member]):
                weight, bias = values[node.input[1]], values[node.input[2]]
                if tuple(weight.shape) != tuple(conv.weight.shape):
                    raise SystemExit(f"{path}: Conv {node.name} has weights {weight.shape}, the member expects {tuple(conv.weight.shape)}")
                conv.weight.copy_(torch.from_numpy(weight))
                conv.bias.copy_(torch.from_numpy(bias))
            gemm = gemms[m]
            trans_b = next((a.i for a in gemm.attribute if a.name == "transB"), 0)
            weight = values[gemm.input[1]]
            net.classifier.weight.copy_(torch.from_numpy(weight if trans_b else weight.T))
            net.classifier.bias.copy_(torch.from_numpy(values[gemm.input[2]]))
        members.append(net.eval())
    teacher = GraphTeacher(members, size).eval()
    for p in teacher.parameters():
        p.requires_grad_(False)
    return teacher


@torch.no_grad()
def agreement(teacher: GraphTeacher, path: str, images: np.ndarray, device: torch.device) -> Tuple[float, float]:
    """Largest absolute differences between the teacher's logits and embedding and the graph's `logits` and
    `embedding` outputs (onnxruntime) on uint8 [N, H, W, 3] images, both in fp32."""
    from . import onnxcheck

    expected = onnxcheck.run(path, images, batch=32)
    teacher = teacher.to(device)
    x = to_network_input(torch.from_numpy(images).to(device), teacher.size)
    got = [teacher.logits_and_embedding(x[i : i + 64]) for i in range(0, len(x), 64)]
    logits = torch.cat([g[0].float().cpu() for g in got]).numpy()
    embedding = torch.cat([g[1].float().cpu() for g in got]).numpy()
    return (float(np.abs(logits - expected["logits"]).max()),
            float(np.abs(embedding - expected["embedding"]).max()))
