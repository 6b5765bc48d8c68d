"""The clinical inputs (age, sex, body site): their values, their encoding and the fusion graph that uses them.

One owner for the contract: the fusion graph encodes the fields itself, so the service passes raw values
(age in years, the index of sex and of site in the lists below, 0 = not given) and nothing else has to agree
on an encoding. The lists travel to the service in the manifest's `clinical` section.
"""
from __future__ import annotations

import inspect
from typing import Dict, List

import numpy as np
import torch
from torch import nn

# The API's values. HAM10000's `localization` values map onto them one to one (spaces become hyphens);
# its "unknown" is "not given".
SEXES = ["female", "male"]
SITES = ["abdomen", "acral", "back", "chest", "ear", "face", "foot", "genital", "hand", "lower-extremity", "neck",
         "scalp", "trunk", "upper-extremity"]
AGE_RANGE = (0, 120)
FIELDS = ("age", "sex", "site")
INPUT_NAMES = ["image_probabilities", "age", "sex", "site"]
OUTPUT_NAMES = ["probabilities", "logits"]


def site_index(value: str) -> int:
    """1-based index of a HAM10000 localization or an API site value; 0 when unknown or empty."""
    value = (value or "").strip().lower().replace(" ", "-")
    return SITES.index(value) + 1 if value in SITES else 0


def sex_index(value: str) -> int:
    value = (value or "").strip().lower()
    return SEXES.index(value) + 1 if value in SEXES else 0


def age_value(value: str) -> float:
    """Years, or -1 when not given ("", "unknown")."""
    try:
        age = float(value)
    except (TypeError, ValueError):
        return -1.0
    return age if AGE_RANGE[0] <= age <= AGE_RANGE[1] else -1.0


class ClinicalFusion(nn.Module):
    """logits = scale * log p(image) + W . features(age, sex, site) + b; probabilities = softmax(logits).

    features: age/100 and (age/100)^2 when given, an "age not given" flag, and one-hot sex and site whose
    first entry is "not given". A field that is not given therefore contributes a learned constant, which
    training with random masking of each field fits. The image's probabilities already carry its calibration;
    the fusion is fitted by maximum likelihood, so its output is calibrated on its own terms."""

    def __init__(self, classes: int = 7) -> None:
        super().__init__()
        self.features = 3 + (len(SEXES) + 1) + (len(SITES) + 1)
        self.scale = nn.Parameter(torch.ones(()))
        self.weight = nn.Parameter(torch.zeros(classes, self.features))
        self.bias = nn.Parameter(torch.zeros(classes))
        self.register_buffer("sex_table", torch.eye(len(SEXES) + 1))
        self.register_buffer("site_table", torch.eye(len(SITES) + 1))

    def encode(self, age: torch.Tensor, sex: torch.Tensor, site: torch.Tensor) -> torch.Tensor:
        given = (age >= 0).to(age.dtype)
        years = age.clamp(min=0) / 100
        return torch.cat([(given * years)[:, None], (given * years * years)[:, None], (1 - given)[:, None],
                          self.sex_table[sex], self.site_table[site]], dim=1)

    def forward(self, probabilities, age, sex, site):
        logits = self.scale * torch.log(probabilities.clamp(min=1e-7)) + self.encode(age, sex, site) @ self.weight.t() + self.bias
        return torch.softmax(logits, dim=1), logits


def export_onnx(model: ClinicalFusion, path: str, classes: int = 7, opset: int = 17) -> None:
    model = model.eval().cpu()
    example = (torch.full((2, classes), 1.0 / classes), torch.tensor([45.0, -1.0]), torch.tensor([1, 0]), torch.tensor([3, 0]))
    kwargs = dict(input_names=INPUT_NAMES, output_names=OUTPUT_NAMES, opset_version=opset,
                  dynamic_axes={name: {0: "N"} for name in INPUT_NAMES + OUTPUT_NAMES}, do_constant_folding=True)
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:  # as model.export_onnx
        kwargs["dynamo"] = False
    with torch.no_grad():
        torch.onnx.export(model, example, path, **kwargs)


def table(rows: List[dict], age_key: str, sex_key: str, site_key: str | None) -> Dict[str, np.ndarray]:
    """The three fields of metadata rows as the graph takes them."""
    return {
        "age": np.array([age_value(r.get(age_key, "")) for r in rows], np.float32),
        "sex": np.array([sex_index(r.get(sex_key, "")) for r in rows], np.int64),
        "site": np.array([site_index(r.get(site_key, "")) if site_key else 0 for r in rows], np.int64),
    }
