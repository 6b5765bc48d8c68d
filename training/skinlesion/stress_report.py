"""The stress set's summary tables, written from the evaluate reports (models/evaluation/stress/<rendering>/)."""
from __future__ import annotations

import csv
import json
import os
from decimal import ROUND_HALF_UP, Decimal
from typing import Dict

import numpy as np

from . import labels
from .stress import RENDERINGS


# ---------------------------------------------------------------------------------------------
# The summary table of the evaluate reports

TABLE_START = "<!-- stress-table:start (written by training/stress.py table; do not edit by hand) -->"
TABLE_END = "<!-- stress-table:end -->"


def _headline(report: dict, key: str, source: str = "headline") -> dict | None:
    items = report[source] if source == "headline" else report["subsets"][source]["headline"]
    return next((h for h in items if h["key"] == key), None)


def _round(x: float, places: int) -> str:
    """Half away from zero on the decimal value, as the C# reports' "0.000" format shows it (0.8995 -> 0.900)."""
    return str(Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _figure(h: dict | None) -> str:
    if h is None or h.get("value") is None:
        return "—"
    lo, hi = h["ci95"]
    return f"{_round(h['value'], 3)} ({_round(lo, 3)}–{_round(hi, 3)})"


def _pct(x: float) -> str:
    return f"{_round(100 * x, 1)}%"


def _predictions(path: str) -> Dict[str, dict]:
    with open(path, newline="") as f:
        return {r["image_id"]: r for r in csv.DictReader(f)}


def _refused_by(row: dict) -> str | None:
    """What refused a not-dermoscopic image: 'head' (the learned screening head, OOD schema 5, whose distances are then
    information only), else the distance over its threshold: 'embedding', 'early' or 'both' (schema 4)."""
    if row["status"] != "rejected" or "not-dermoscopic" not in row["reasons"].split(";"):
        return None
    if row.get("head_score", "") != "":
        return "head" if float(row["head_score"]) < float(row["head_threshold"]) else None
    embedding = float(row["distance_score"]) > float(row["distance_threshold"])
    early = row["early_score"] != "" and float(row["early_score"]) > float(row["early_threshold"])
    return "both" if embedding and early else "embedding" if embedding else "early" if early else None


def comparison_rows(reference: Dict[str, dict], rendered: Dict[str, dict]) -> dict:
    """Image-level figures of one rendering's predictions against the plain reference's (same image ids)."""
    if set(reference) != set(rendered):
        raise ValueError("the rendering's predictions and the reference's cover different images")
    ids = sorted(rendered)
    by = [_refused_by(rendered[i]) for i in ids]
    shift = [abs(float(rendered[i]["malignant_probability"]) - float(reference[i]["malignant_probability"])) for i in ids]
    malignant = [i for i in ids if rendered[i]["label"] in labels.MALIGNANT]
    return {
        "head": by.count("head"), "embedding": by.count("embedding"), "early": by.count("early"), "both": by.count("both"),
        "verdict": sum(rendered[i]["verdict"] != reference[i]["verdict"] for i in ids),
        "lost": sum(reference[i]["verdict"] == "malignant" and rendered[i]["verdict"] != "malignant" for i in malignant),
        "named": sum(rendered[i]["predicted"] != reference[i]["predicted"] for i in ids),
        "median_shift": float(np.median(shift)), "images": len(ids),
    }


def summary_table(reports: str) -> str:
    """Markdown tables of every rendering's report.json (and predictions.csv) under ``reports``, in RENDERINGS' order."""
    found = [(r, os.path.join(reports, r.name, "report.json")) for r in RENDERINGS]
    missing = [p for _, p in found if not os.path.exists(p)]
    if missing:
        raise FileNotFoundError(f"missing reports: {missing}")
    main = ["| rendering | images | accepted | uncertain | refused (not-dermoscopic / featureless / greyscale) | malignant refused "
            "| malignant AUC (95% CI) | malignant sensitivity | malignant specificity | melanoma AUC |",
            "| --- | ---: | ---: | ---: | --- | ---: | --- | --- | --- | --- |"]
    accepted = ["| rendering | accepted images | malignant AUC | malignant sensitivity | malignant specificity | melanoma AUC |",
                "| --- | ---: | --- | --- | --- | --- |"]
    compared = ["| rendering | refused by: screening head / embedding distance only / early-stage only / both | verdict changed "
                "| malignant lesions no longer called malignant | named class changed | median abs. change of p(malignant) |",
                "| --- | --- | ---: | ---: | ---: | ---: |"]
    reference = _predictions(os.path.join(reports, RENDERINGS[0].name, "predictions.csv"))
    model = set()
    for r, path in found:
        with open(path) as f:
            rep = json.load(f)
        a = rep["assessment"]
        # reports written before the colour floor (ADR 0049) have no greyscale-image count
        reasons, n = {"greyscale-image": 0, **a["reasons"]}, a["images"]
        malignant_groups = [g for g in a["groups"] if g["name"] in labels.MALIGNANT]
        mal_refused = sum(g["counts"]["rejected"] for g in malignant_groups)
        mal_total = sum(g["images"] for g in malignant_groups)
        model.add((rep["model"]["name"], rep["model"]["version"], a["screening"]["outOfDistribution"]))
        link = f"[{r.name}]({r.name}/README.md)"
        main.append(
            f"| {link} | {n} | {_pct(a['rates']['accepted']['value'])} | {_pct(a['rates']['uncertain']['value'])} "
            f"| {_pct(a['rates']['rejected']['value'])} ({reasons['not-dermoscopic']} / {reasons['featureless-image']} / {reasons['greyscale-image']}) "
            f"| {mal_refused} of {mal_total} "
            f"| {_figure(_headline(rep, 'malignantAuc'))} | {_figure(_headline(rep, 'malignantSensitivity'))} "
            f"| {_figure(_headline(rep, 'malignantSpecificity'))} | {_figure(_headline(rep, 'melanomaAuc'))} |")
        sub = rep["subsets"]["accepted"]
        accepted.append(
            f"| {r.name} | {sub['images']} | {_figure(_headline(rep, 'malignantAuc', 'accepted'))} "
            f"| {_figure(_headline(rep, 'malignantSensitivity', 'accepted'))} "
            f"| {_figure(_headline(rep, 'malignantSpecificity', 'accepted'))} "
            f"| {_figure(_headline(rep, 'melanomaAuc', 'accepted'))} |")
        c = comparison_rows(reference, _predictions(os.path.join(reports, r.name, "predictions.csv")))
        mal_reference = sum(1 for row in reference.values() if row["label"] in labels.MALIGNANT and row["verdict"] == "malignant")
        compared.append(
            f"| {r.name} | {c['head']} / {c['embedding']} / {c['early']} / {c['both']} | {c['verdict']} of {c['images']} "
            f"| {c['lost']} of {mal_reference} | {c['named']} of {c['images']} | {_round(c['median_shift'], 4)} |")
    models = "; ".join(f"model `{m}` {v}, out-of-distribution artifact `{o}`" for m, v, o in sorted(model))
    return "\n".join([f"Measured with {models}.", "", "All evaluated images (refused ones included, with the "
                      "probabilities the model gave them):", "", *main, "", "Accepted images only (classified + "
                      "uncertain; each subset with its own bootstrap):", "", *accepted, "", "Image by image against `plain` (the same "
                      "images upscaled only; from predictions.csv; a verdict is the model's, refused or not):", "", *compared])


def update_readme(readme: str, table: str) -> None:
    """Replaces the text between TABLE_START and TABLE_END in ``readme`` with ``table``."""
    with open(readme) as f:
        text = f.read()
    start, end = text.find(TABLE_START), text.find(TABLE_END)
    if start < 0 or end < start:
        raise ValueError(f"{readme} lacks the markers {TABLE_START!r} ... {TABLE_END!r}")
    text = text[:start + len(TABLE_START)] + "\n" + table + "\n" + text[end:]
    with open(readme, "w") as f:
        f.write(text)
