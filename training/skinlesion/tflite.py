"""A minimal reader for the TFLite flatbuffer tables needed to lift MobileNetV2's weights.

Only what the conversion uses is decoded: operator codes, one subgraph's tensors (shape, type,
buffer, name, per-tensor quantisation), its operators (opcode, inputs, outputs, conv options) and
the raw buffers. Field numbers follow tensorflow/lite/schema/schema.fbs (schema version 3); a
union occupies two vtable slots (type, value).
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import List, Optional

import numpy as np

# BuiltinOperator values used by MobileNetV2.
ADD = 0
AVERAGE_POOL_2D = 1
CONV_2D = 3
DEPTHWISE_CONV_2D = 4
RESHAPE = 22
SOFTMAX = 25

# TensorType values.
_TENSOR_DTYPES = {0: np.float32, 2: np.int32, 3: np.uint8, 9: np.int8, 4: np.int64}

# Fused activation values.
ACTIVATIONS = {0: "none", 1: "relu", 2: "relu_n1_to_1", 3: "relu6"}


class _Table:
    """A flatbuffer table at ``pos`` inside ``buf``."""

    def __init__(self, buf: bytes, pos: int) -> None:
        self.buf = buf
        self.pos = pos
        vtable = pos - struct.unpack_from("<i", buf, pos)[0]
        vsize = struct.unpack_from("<H", buf, vtable)[0]
        self._offsets = [struct.unpack_from("<H", buf, vtable + 4 + 2 * i)[0] for i in range((vsize - 4) // 2)]

    def _field(self, index: int) -> Optional[int]:
        if index >= len(self._offsets) or self._offsets[index] == 0:
            return None
        return self.pos + self._offsets[index]

    def scalar(self, index: int, fmt: str, default: float | int = 0):
        at = self._field(index)
        return default if at is None else struct.unpack_from("<" + fmt, self.buf, at)[0]

    def _deref(self, index: int) -> Optional[int]:
        at = self._field(index)
        return None if at is None else at + struct.unpack_from("<I", self.buf, at)[0]

    def table(self, index: int) -> Optional["_Table"]:
        at = self._deref(index)
        return None if at is None else _Table(self.buf, at)

    def string(self, index: int) -> str:
        at = self._deref(index)
        if at is None:
            return ""
        n = struct.unpack_from("<I", self.buf, at)[0]
        return self.buf[at + 4 : at + 4 + n].decode("utf-8")

    def vector(self, index: int, fmt: str) -> list:
        at = self._deref(index)
        if at is None:
            return []
        n = struct.unpack_from("<I", self.buf, at)[0]
        return list(struct.unpack_from("<%d%s" % (n, fmt), self.buf, at + 4))

    def bytes_vector(self, index: int) -> bytes:
        at = self._deref(index)
        if at is None:
            return b""
        n = struct.unpack_from("<I", self.buf, at)[0]
        return self.buf[at + 4 : at + 4 + n]

    def tables(self, index: int) -> List["_Table"]:
        at = self._deref(index)
        if at is None:
            return []
        n = struct.unpack_from("<I", self.buf, at)[0]
        out = []
        for i in range(n):
            elem = at + 4 + 4 * i
            out.append(_Table(self.buf, elem + struct.unpack_from("<I", self.buf, elem)[0]))
        return out


@dataclass
class Tensor:
    index: int
    name: str
    shape: List[int]
    dtype: type
    data: Optional[np.ndarray]  # raw stored values (quantised), None for activations
    scale: Optional[float]
    zero_point: Optional[int]

    def dequantize(self) -> np.ndarray:
        """real = (q - zero_point) * scale, the TFLite affine quantisation."""
        if self.data is None:
            raise ValueError(f"tensor {self.name!r} has no constant data")
        if self.scale is None:
            return self.data.astype(np.float32)
        return ((self.data.astype(np.float64) - float(self.zero_point or 0)) * self.scale).astype(np.float32)


@dataclass
class Operator:
    opcode: int
    inputs: List[int]
    outputs: List[int]
    options: dict = field(default_factory=dict)


@dataclass
class TFLiteModel:
    version: int
    tensors: List[Tensor]
    operators: List[Operator]
    inputs: List[int]
    outputs: List[int]

    def count(self, opcode: int) -> int:
        return sum(1 for op in self.operators if op.opcode == opcode)


def _conv_options(op: _Table, opcode: int) -> dict:
    opts = op.table(4)
    if opts is None:
        return {}
    if opcode == CONV_2D:
        # Conv2DOptions: padding, stride_w, stride_h, fused_activation_function, dilation_w, dilation_h
        return {
            "padding": "SAME" if opts.scalar(0, "b") == 0 else "VALID",
            "stride": (opts.scalar(2, "i"), opts.scalar(1, "i")),
            "activation": ACTIVATIONS.get(opts.scalar(3, "b"), "other"),
        }
    if opcode == DEPTHWISE_CONV_2D:
        # DepthwiseConv2DOptions: padding, stride_w, stride_h, depth_multiplier, fused_activation_function
        return {
            "padding": "SAME" if opts.scalar(0, "b") == 0 else "VALID",
            "stride": (opts.scalar(2, "i"), opts.scalar(1, "i")),
            "depth_multiplier": opts.scalar(3, "i"),
            "activation": ACTIVATIONS.get(opts.scalar(4, "b"), "other"),
        }
    if opcode == ADD:
        return {"activation": ACTIVATIONS.get(opts.scalar(0, "b"), "other")}
    return {}


def read_tflite(path: str) -> TFLiteModel:
    with open(path, "rb") as f:
        buf = f.read()
    if buf[4:8] != b"TFL3":
        raise ValueError(f"{path}: not a TFLite flatbuffer (file identifier {buf[4:8]!r}, expected b'TFL3')")
    model = _Table(buf, struct.unpack_from("<I", buf, 0)[0])
    version = model.scalar(0, "I")
    opcodes = []
    for oc in model.tables(1):
        deprecated = oc.scalar(0, "b")
        builtin = oc.scalar(3, "i")
        # Files written before schema 3a keep the code in the deprecated byte only.
        opcodes.append(max(deprecated, builtin))
    buffers = [b.bytes_vector(0) for b in model.tables(4)]
    subgraphs = model.tables(2)
    if len(subgraphs) != 1:
        raise ValueError(f"{path}: expected one subgraph, found {len(subgraphs)}")
    sg = subgraphs[0]

    tensors = []
    for i, t in enumerate(sg.tables(0)):
        shape = t.vector(0, "i")
        dtype = _TENSOR_DTYPES.get(t.scalar(1, "b"))
        raw = buffers[t.scalar(2, "I")]
        data = None
        if raw and dtype is not None:
            data = np.frombuffer(raw, dtype=dtype).reshape(shape)
        scale = zero_point = None
        q = t.table(4)
        if q is not None:
            scales = q.vector(2, "f")
            zeros = q.vector(3, "q")
            if len(scales) > 1:
                raise ValueError(f"tensor {t.string(3)!r}: per-channel quantisation is not supported")
            if scales:
                scale, zero_point = float(scales[0]), int(zeros[0]) if zeros else 0
        tensors.append(Tensor(i, t.string(3), shape, dtype, data, scale, zero_point))

    operators = []
    for op in sg.tables(3):
        opcode = opcodes[op.scalar(0, "I")]
        operators.append(Operator(opcode, op.vector(1, "i"), op.vector(2, "i"), _conv_options(op, opcode)))
    return TFLiteModel(version, tensors, operators, sg.vector(1, "i"), sg.vector(2, "i"))
