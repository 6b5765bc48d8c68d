"""The served screening head: `fit` (the head, its threshold and its site floor, written into the out-of-distribution
artifact as schema 5, the manifest's entry updated) and `attach` (a head saved by `fit --head-out`, into an artifact).
Entry point training/screening_head.py; the head and its study are skinlesion/screening_head.py."""
from __future__ import annotations

import argparse
import json
import os

from . import ood
from .screening_generalisation import left_out_margins, site_floor, source_units
from .screening_head import (DEV_POSITIVE, FIT_POSITIVE, _groups, _rate, development_threshold, features, fit_variant_on, head_dict,
                             head_from_dict, head_refused, nuisance_bases)
from .screening_sets import ImageSet, read_set


def _read_json(path: str) -> dict:
    with open(path) as f:
        return json.load(f)


def _served_artifact_path(manifest_path: str, manifest: dict) -> str:
    if "outOfDistribution" not in manifest:
        raise SystemExit(f"{manifest_path} lists no outOfDistribution artifact; fit one first (training/fit-ood.sh)")
    return os.path.join(os.path.dirname(os.path.abspath(manifest_path)), manifest["outOfDistribution"]["file"])


def _description(artifact: dict) -> str:
    head, distances = artifact["head"], artifact["distances"]
    refusing = [k for k, v in distances.items() if v.get("refuses", True)]
    informational = [k for k, v in distances.items() if not v.get("refuses", True)]
    return (f"Refuses images unlike dermoscopy: screening head (logistic regression on {' + '.join(head['features'])}, "
            f"each without its nuisance directions) below {head['threshold']:.4g}"
            + "".join(f", or {k} distance above its threshold" for k in refusing)
            + (f"; {', '.join(informational)} distance reported only" if informational else "")
            + f"; or texture below {artifact['textureMinimum']}"
            + (f". A site profile may lower the head's threshold to {head['siteThresholdFloor']:.4g} for its equipment" if "siteThresholdFloor" in head else "")
            + ". Head fitted by training/screening_head.py.")


def write_served(artifact: dict, manifest_path: str, manifest: dict, out: str | None) -> str:
    """Writes the artifact: to `out` alone, or (without `out`) over the manifest's artifact, updating the manifest's
    outOfDistribution section (sha256, version, description) so the service loads it. Returns the path written."""
    text = ood.artifact_json(artifact)
    path = out or _served_artifact_path(manifest_path, manifest)
    with open(path, "w") as f:
        f.write(text)
    if not out:
        manifest["outOfDistribution"] = ood.manifest_entry(manifest, text, artifact["version"], _description(artifact))
        with open(manifest_path, "w") as f:
            f.write(json.dumps(manifest, indent=2) + "\n")
    return path


def _informational(text: str) -> tuple:
    return tuple(k for k in text.split(",") if k)


def add_reference_head_scores(artifact: dict, s: ImageSet) -> int:
    """Adds `headScore` (numpy's, from the artifact's arrays) to the artifact's reference images found in `s`, for the
    C# parity test that classifies them; returns how many got one."""
    index = {r["image_id"]: n for n, r in enumerate(s.rows)}
    found = 0
    for ref in artifact.get("reference", []):
        n = index.get(ref["imageId"])
        if n is not None:
            ref["headScore"] = float(ood.head_score(artifact, {"embedding": s.embedding[n:n + 1], "earlyStatistics": s.early[n:n + 1]})[0])
            found += 1
    return found


def fit(args: argparse.Namespace) -> int:
    """Fits the served head as `study` fits its chosen variant, chooses the threshold by `study`'s rule (on the head's
    float32 arrays, as served), and writes the schema-5 artifact."""
    manifest = _read_json(args.manifest)
    source = args.artifact or _served_artifact_path(args.manifest, manifest)
    artifact = _read_json(source)
    if artifact["modelSha256"] != manifest["sha256"]:
        raise SystemExit(f"{source} was fitted for model {artifact['modelSha256'][:12]}…, the manifest is {manifest['sha256'][:12]}…; refit it first (training/fit-ood.sh)")
    d, bases = args.embeddings, nuisance_bases(source)
    fit_pos = [read_set(d, n) for n in FIT_POSITIVE]
    fit_neg = read_set(d, args.fit_negatives)
    dev_pos = {n: read_set(d, n) for n in DEV_POSITIVE}
    dev_neg = read_set(d, args.dev_negatives)
    head = fit_variant_on(args.variant, fit_pos, fit_neg, bases, args.l2)
    served = head_from_dict(head_dict(head, 0.0, args.variant))
    t, sc = development_threshold(served, args.variant, dev_pos, bases, args.acceptance, per_source=True)
    nsc = served.score(features(args.variant, dev_neg.embedding, dev_neg.early, bases))
    refused = head_refused(dev_neg, nsc, t)
    g = _groups(dev_neg)
    info = {
        "fitting": {"positive": {s.name: len(s.rows) for s in fit_pos}, "negative": {fit_neg.name: len(fit_neg.rows)}},
        "development": {
            "positive": {n: len(s.rows) for n, s in dev_pos.items()}, "negative": {dev_neg.name: len(dev_neg.rows)},
            "thresholdRule": f"highest logit accepting >= {args.acceptance} of every development dermoscopy set (the lowest of their thresholds)",
            "accepted": {n: 1 - _rate(head_refused(dev_pos[n], sc[n], t)) for n in sc},
            "negativesRefused": {**{k: _rate(refused[g == k]) for k in sorted(set(g))}, "all": _rate(refused)},
        },
        "artifact": {"source": os.path.basename(source), "version": artifact["version"]},
    }
    margins = left_out_margins(args.variant, fit_pos, fit_neg, source_units(fit_neg.rows, args.labels), dev_pos, bases,
                               args.l2, args.acceptance)
    site = site_floor(margins, t, nsc, dev_neg)
    info["siteThresholdFloor"] = {k: v for k, v in site.items() if k != "floor"}
    fields = head_dict(head, t, args.variant, info, site["floor"])
    out = ood.with_head(artifact, fields, args.version, _informational(args.informational))
    references = add_reference_head_scores(out, dev_pos["ham-validation"])
    if args.head_out:
        with open(args.head_out, "w") as f:
            json.dump(fields, f, indent=1)
    path = write_served(out, args.manifest, manifest, args.out)
    print(json.dumps({"threshold": t, "siteThresholdFloor": site, "development": info["development"], "referenceHeadScores": references,
                      "artifact": path}, indent=1))
    return 0


def attach(args: argparse.Namespace) -> int:
    """Puts a head (as `fit --head-out` writes it) into an artifact as schema 5; the manifest's entry follows unless --out."""
    manifest = _read_json(args.manifest)
    source = args.artifact or _served_artifact_path(args.manifest, manifest)
    out = ood.with_head(_read_json(source), _read_json(args.head), args.version, _informational(args.informational))
    print(f"wrote {write_served(out, args.manifest, manifest, args.out)}")
    return 0
