"""The C# parity test's fixture for the screening head (`screening_head.py parity-fixture`): a JSON merge patch of the shipped artifact with a synthetic head, and cases scored by numpy."""
from __future__ import annotations

import argparse
import json

import numpy as np

from . import ood
from .screening_head import features, fit_head, head_dict, head_from_dict, threshold_for


# ------------------------------------------------------------------------------------ parity fixture


def merge_patch(original, changed):
    """The JSON merge patch (RFC 7386) that turns `original` into `changed`."""
    if not isinstance(original, dict) or not isinstance(changed, dict):
        return changed
    patch = {k: None for k in original if k not in changed}
    for k, v in changed.items():
        if k not in original:
            patch[k] = v
        elif original[k] != v:
            patch[k] = merge_patch(original[k], v)
    return patch


def apply_merge_patch(target, patch):
    """RFC 7386: `patch` applied to `target` (a new object; what the C# parity test does to the shipped artifact)."""
    if not isinstance(patch, dict):
        return patch
    out = dict(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = apply_merge_patch(out.get(k), v)
    return out


def parity_fixture(artifact: dict, artifact_sha256: str, seed: int = 0, n_fit: int = 150, n_cases: int = 4) -> dict:
    """A head of variant projected+early for `artifact`'s outputs, fitted on synthetic vectors (class means of the
    embedding distance and the early mean, plus noise; 'not dermoscopic' ones shifted), as the merge patch that
    makes `artifact` schema 5, with raw float32 test vectors and the head scores numpy computes for them."""
    rng = np.random.default_rng(seed)
    emb, early = artifact["distances"]["embedding"], artifact["distances"]["early"]
    de, dl = int(emb["dimension"]), int(early["dimension"])
    means = ood.decode(emb["means"], int(emb["meanCount"]) * de).reshape(-1, de)
    early_mean = ood.decode(early["means"], dl)
    shift_e, shift_l = rng.normal(scale=0.3, size=de), rng.normal(scale=0.3, size=dl)

    def draw(n: int, dermoscopic: bool) -> tuple:
        e = means[rng.integers(len(means), size=n)] + rng.normal(scale=0.3, size=(n, de))
        l_ = early_mean + rng.normal(scale=0.3, size=(n, dl))
        if not dermoscopic:
            e, l_ = e + shift_e, l_ + shift_l
        return e.astype(np.float32), l_.astype(np.float32)     # the graph's outputs are float32

    bases = {k: ood.distance_nuisance(v) for k, v in artifact["distances"].items()}
    (pe, pl), (ne, nl) = draw(n_fit, True), draw(n_fit, False)
    x = np.vstack([features("projected+early", pe, pl, bases), features("projected+early", ne, nl, bases)])
    head = fit_head(x, np.r_[np.ones(n_fit), np.zeros(n_fit)], l2=1.0)
    served = head_from_dict(head_dict(head, 0.0, "projected+early"))
    t = threshold_for(served.score(x[:n_fit]), 0.99)
    fields = head_dict(head, t, "projected+early", {"data": f"synthetic (seed {seed}): {n_fit} near the distances' means, {n_fit} shifted"})
    changed = ood.with_head(artifact, fields, artifact["version"] + "+parity-fixture")
    cases = []
    for dermoscopic in (True, False):
        # A draw can land on the other side of the 99% threshold; the cases are the first n_cases the head decides as
        # drawn, so each side of the decision is covered and "dermoscopic" is numpy's decision too.
        e, l_ = draw(8 * n_cases, dermoscopic)
        scores = ood.head_score(changed, {"embedding": e, "earlyStatistics": l_})
        kept = np.flatnonzero((scores >= t) == dermoscopic)[:n_cases]
        if len(kept) < n_cases:
            raise SystemExit(f"only {len(kept)} of {8 * n_cases} synthetic {'dermoscopic' if dermoscopic else 'other'} "
                             "draws are decided as drawn; this artifact's distances need another fixture")
        cases += [{"dermoscopic": dermoscopic, "embedding": ood.b64(e[i]), "earlyStatistics": ood.b64(l_[i]),
                   "headScore": float(scores[i])} for i in kept]
    return {"artifactSha256": artifact_sha256, "patch": merge_patch(artifact, changed), "cases": cases}


def parity(args: argparse.Namespace) -> int:
    import hashlib

    with open(args.artifact, "rb") as f:
        raw = f.read()
    fixture = parity_fixture(json.loads(raw), hashlib.sha256(raw).hexdigest(), seed=args.seed)
    fixture = {"generatedBy": f"training/screening_head.py parity-fixture --artifact {args.artifact} --out {args.out} --seed {args.seed}",
               **fixture}
    with open(args.out, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {args.out}")
    return 0
