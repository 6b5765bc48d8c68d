"""Embedded ICC colour profiles: the pixels of a picture taken in a wider RGB space brought to sRGB (ADR 0062).

Every training image is sRGB or untagged (none of the shared sets embeds a profile), so the model has learned sRGB
values. A phone behind a dermatoscope often writes Display P3, a camera Adobe RGB: read as sRGB, their colours come out
paler. A profile this module understands (RGB data, XYZ connection space, the matrix and three tone curves a monitor or
camera profile holds, no lookup tables) is converted, after the geometry rule, on the 200x150 pixels; anything else,
sRGB itself included, is left as it is. SrgbConversion on the C# side repeats every step and constant here, so both give
the same bytes (the parity tests compare them); the tests also hold this module to Little CMS.
"""
from __future__ import annotations

import struct
from typing import Callable, List, Optional, Sequence

import numpy as np

# sRGB's colorants as the sRGB IEC61966-2.1 profile gives them (Bradford-adapted to the D50 connection space); columns
# are red, green and blue.
SRGB_D50 = np.array([
    [0.4360747, 0.3850649, 0.1430804],
    [0.2225045, 0.7168786, 0.0606169],
    [0.0139322, 0.0971045, 0.7141733],
])
# Its inverse, written out so that both sides start from the same numbers (linear XYZ -> linear sRGB).
SRGB_D50_INVERSE = (
    (3.1338563677916524, -1.6168667702911808, -0.49061477279830157),
    (-0.9787685631270271, 1.9161415526243253, 0.03345411630253724),
    (0.07194516828173432, -0.2289912772988825, 1.4052426741535713),
)
# A profile within these of sRGB's colorants and curve is sRGB (profiles round them differently) and is not converted.
SRGB_COLORANT_TOLERANCE = 0.005
SRGB_CURVE_TOLERANCE = 0.002
# Linear light is looked up in a table of this many steps to encode it as sRGB (0.05 of a level at the darkest).
ENCODE_STEPS = 65536
MAX_TAGS = 100
MAX_CURVE_ENTRIES = 65536
COLORANTS = (b"rXYZ", b"gXYZ", b"bXYZ")
CURVES = (b"rTRC", b"gTRC", b"bTRC")
LOOKUP_TABLES = (b"A2B0", b"A2B1", b"A2B2")


def srgb_to_linear(v: float) -> float:
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _linear_to_srgb(v: float) -> float:
    return 12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055


ENCODE = np.array([int(np.floor(255 * _linear_to_srgb(i / ENCODE_STEPS) + 0.5)) for i in range(ENCODE_STEPS + 1)], dtype=np.uint8)


class SrgbConversion:
    """A profile's pixels to sRGB: each channel to linear light by its curve, the 3x3 matrix, sRGB's encoding."""

    def __init__(self, linear: np.ndarray, matrix: np.ndarray):
        self.linear = linear  # [3, 256]: each channel's 8-bit values in linear light
        self.matrix = matrix  # [3, 3]: linear profile RGB -> linear sRGB

    def apply(self, pixels: np.ndarray) -> np.ndarray:
        """uint8 [..., 3] in the profile's space -> uint8 [..., 3] in sRGB; colours outside sRGB are clipped."""
        r = self.linear[0][pixels[..., 0]]
        g = self.linear[1][pixels[..., 1]]
        b = self.linear[2][pixels[..., 2]]
        out = np.empty(pixels.shape, dtype=np.uint8)
        m = self.matrix
        for channel in range(3):
            # Written out term by term, in the order the C# side sums them, so no rounding differs.
            value = r * m[channel, 0] + g * m[channel, 1] + b * m[channel, 2]
            value = np.minimum(np.maximum(value, 0.0), 1.0)
            out[..., channel] = ENCODE[np.floor(value * ENCODE_STEPS + 0.5).astype(np.int64)]
        return out


def conversion_for(profile: Optional[bytes]) -> Optional[SrgbConversion]:
    """The conversion a profile asks for; None when there is none, it is sRGB, or it is not one this module reads."""
    if not profile:
        return None
    parsed = _parse(profile)
    if parsed is None:
        return None
    colorants, curves = parsed
    try:
        linear = np.array([[curve(v / 255) for v in range(256)] for curve in curves])
    except (OverflowError, ZeroDivisionError):
        # A power that overflows (a huge gamma) or divides by zero (a negative one at 0): a curve that cannot be
        # evaluated describes no colour, and the image is read without the profile (SrgbConversion does the same).
        return None
    srgb = np.array([srgb_to_linear(v / 255) for v in range(256)])
    if np.max(np.abs(colorants - SRGB_D50)) <= SRGB_COLORANT_TOLERANCE and np.max(np.abs(linear - srgb)) <= SRGB_CURVE_TOLERANCE:
        return None
    # Summed term by term in plain floats, as the C# side sums them: a library's product may round otherwise.
    c = colorants.tolist()
    inverse = SRGB_D50_INVERSE
    matrix = [[inverse[i][0] * c[0][j] + inverse[i][1] * c[1][j] + inverse[i][2] * c[2][j] for j in range(3)] for i in range(3)]
    return SrgbConversion(linear, np.array(matrix))


def _parse(profile: bytes):
    if len(profile) < 132 or profile[16:20] != b"RGB " or profile[20:24] != b"XYZ ":
        return None
    count = struct.unpack(">I", profile[128:132])[0]
    if count > MAX_TAGS or 132 + 12 * count > len(profile):
        return None
    tags = {}
    for i in range(count):
        signature, offset, size = struct.unpack(">4sII", profile[132 + 12 * i:144 + 12 * i])
        if offset + size > len(profile):
            return None
        tags.setdefault(signature, profile[offset:offset + size])
    if any(t in tags for t in LOOKUP_TABLES) or not all(t in tags for t in COLORANTS + CURVES):
        return None
    columns = [_xyz(tags[t]) for t in COLORANTS]
    curves = [_curve(tags[t]) for t in CURVES]
    if any(c is None for c in columns) or any(c is None for c in curves):
        return None
    colorants = np.array(columns).T
    return (colorants, curves) if np.all(np.isfinite(colorants)) else None


def _fixed(data: bytes, at: int) -> float:
    return struct.unpack(">i", data[at:at + 4])[0] / 65536


def _xyz(data: bytes) -> Optional[List[float]]:
    if len(data) < 20 or data[:4] != b"XYZ ":
        return None
    return [_fixed(data, 8), _fixed(data, 12), _fixed(data, 16)]


def _curve(data: bytes) -> Optional[Callable[[float], float]]:
    if len(data) >= 12 and data[:4] == b"curv":
        n = struct.unpack(">I", data[8:12])[0]
        if n > MAX_CURVE_ENTRIES or 12 + 2 * n > len(data):
            return None
        if n == 0:
            return lambda x: x
        if n == 1:
            gamma = struct.unpack(">H", data[12:14])[0] / 256
            return lambda x: x ** gamma
        table = [v / 65535 for v in struct.unpack(f">{n}H", data[12:12 + 2 * n])]
        return lambda x: _interpolate(table, x)
    if len(data) >= 12 and data[:4] == b"para":
        kind = struct.unpack(">H", data[8:10])[0]
        needed = {0: 1, 1: 3, 2: 4, 3: 5, 4: 7}.get(kind)
        if needed is None or 12 + 4 * needed > len(data):
            return None
        p = [_fixed(data, 12 + 4 * i) for i in range(needed)]
        if kind in (1, 2) and p[1] == 0:
            return None
        return lambda x: min(max(_parametric(kind, p, x), 0.0), 1.0)
    return None


def _interpolate(table: Sequence[float], x: float) -> float:
    position = x * (len(table) - 1)
    i = int(np.floor(position))
    if i >= len(table) - 1:
        return table[-1]
    return table[i] + (position - i) * (table[i + 1] - table[i])


def _parametric(kind: int, p: Sequence[float], x: float) -> float:
    """ICC's parametricCurveType, functions 0-4 (ICC.1:2010 10.18)."""
    g = p[0]
    if kind == 0:
        return x ** g
    a, b = p[1], p[2]
    if kind == 1:
        return max(a * x + b, 0.0) ** g if x >= -b / a else 0.0
    if kind == 2:
        return max(a * x + b, 0.0) ** g + p[3] if x >= -b / a else p[3]
    c, d = p[3], p[4]
    if kind == 3:
        return max(a * x + b, 0.0) ** g if x >= d else c * x
    return max(a * x + b, 0.0) ** g + p[5] if x >= d else c * x + p[6]


# Colorants (D50-adapted, columns red, green, blue) and curves of two wide spaces, for the tests and the stress set.
DISPLAY_P3 = (np.array([[0.5151, 0.2920, 0.1571], [0.2412, 0.6922, 0.0666], [-0.0011, 0.0419, 0.7841]]),
              ("para", 3, [2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045]))
ADOBE_RGB = (np.array([[0.6097, 0.2053, 0.1492], [0.3111, 0.6257, 0.0632], [0.0195, 0.0609, 0.7446]]),
             ("gamma", 563 / 256))


def matrix_profile(colorants: np.ndarray, curve: tuple, description: str = "matrix profile") -> bytes:
    """An ICC v2 display profile of these colorants and one curve for all three channels: ("gamma", g) or
    ("para", function type, parameters)."""
    def fixed(v: float) -> bytes:
        return struct.pack(">i", int(round(v * 65536)))

    def xyz(values) -> bytes:
        return b"XYZ \0\0\0\0" + b"".join(fixed(v) for v in values)

    if curve[0] == "gamma":
        trc = b"curv\0\0\0\0" + struct.pack(">IH", 1, int(round(curve[1] * 256))) + b"\0\0"
    else:
        trc = b"para\0\0\0\0" + struct.pack(">HH", curve[1], 0) + b"".join(fixed(v) for v in curve[2])
    text = description.encode("ascii") + b"\0"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text + b"\0" * 12 + b"\0" * 67
    tags = [(b"desc", desc), (b"wtpt", xyz([0.9642, 1.0, 0.8249]))]
    tags += [(name, xyz(colorants[:, i])) for i, name in enumerate(COLORANTS)]
    tags += [(name, trc) for name in CURVES]
    body, table, offset = b"", b"", 132 + 12 * len(tags)
    for name, data in tags:
        data += b"\0" * (-len(data) % 4)
        table += struct.pack(">4sII", name, offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = struct.pack(">I4sI4s4s4s", size, b"none", 0x02100000, b"mntr", b"RGB ", b"XYZ ") + b"\0" * 12
    header += b"acsp" + b"\0" * 24 + fixed(0.9642) + fixed(1.0) + fixed(0.8249)
    header += b"\0" * (128 - len(header))
    return header + struct.pack(">I", len(tags)) + table + body
