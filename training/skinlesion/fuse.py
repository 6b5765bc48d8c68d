"""Batch-norm folding and fp16 weight storage for the shipped graph."""
from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils.fusion import fuse_conv_bn_eval


def _conv_of(module: nn.Module):
    if isinstance(module, nn.Conv2d):
        return module
    if isinstance(module, nn.Sequential) and isinstance(module[-1], nn.Conv2d):
        return module[-1]  # ZeroPad2d + Conv2d (TF 'SAME' stride-2)
    return None


@torch.no_grad()
def fold_batchnorm(model: nn.Module) -> nn.Module:
    """Fold every BatchNorm2d into the convolution before it (eval-mode model, in place)."""
    model.eval()
    for parent in list(model.modules()):
        children = list(parent.named_children())
        for (name_a, a), (name_b, b) in zip(children, children[1:]):
            conv = _conv_of(a)
            if conv is not None and isinstance(b, nn.BatchNorm2d):
                fused = fuse_conv_bn_eval(conv, b)
                if isinstance(a, nn.Conv2d):
                    setattr(parent, name_a, fused)
                else:
                    a[-1] = fused
                setattr(parent, name_b, nn.Identity())
    return model


@torch.no_grad()
def round_to_fp16(model: nn.Module) -> nn.Module:
    """Round every parameter to the nearest fp16 value (kept as fp32).

    The ONNX file stores weights as fp16 (half the size); rounding the PyTorch model the same way
    first makes the exported graph and every figure reported from PyTorch describe exactly the
    shipped weights.
    """
    for p in model.parameters():
        p.copy_(p.half().float())
    return model


def store_initializers_as_fp16(onnx_path: str, min_elements: int = 16) -> None:
    """Rewrite float32 initializers as float16 + Cast nodes (lossless for fp16-rounded weights)."""
    import numpy as np
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(onnx_path)
    graph = model.graph
    new_inits, casts = [], []
    for init in graph.initializer:
        if init.data_type == onnx.TensorProto.FLOAT and int(np.prod(init.dims)) >= min_elements:
            values = numpy_helper.to_array(init)
            half = values.astype(np.float16)
            if not np.array_equal(half.astype(np.float32), values):
                raise ValueError(f"initializer {init.name} is not fp16-exact; round the model first")
            stored = numpy_helper.from_array(half, init.name + "_fp16")
            new_inits.append(stored)
            casts.append(helper.make_node("Cast", [stored.name], [init.name], to=onnx.TensorProto.FLOAT, name="cast_" + init.name))
        else:
            new_inits.append(init)
    del graph.initializer[:]
    graph.initializer.extend(new_inits)
    nodes = list(graph.node)
    del graph.node[:]
    graph.node.extend(casts + nodes)
    onnx.checker.check_model(model)
    onnx.save(model, onnx_path)
