"""A learned dermoscopy-vs-not screening head on the model's embedding: the study, and the fit the service serves.

The service refuses an image as `not-dermoscopic` when either of two Mahalanobis distances (embedding,
early-stage statistics) is above its threshold. Both are fitted on HAM10000 only and so measure the
camera as much as the content. This module fits the alternative: an L2-regularised, class-balanced
logistic regression that separates dermoscopy (HAM10000, ISIC 2017 training images, acquisition
renderings of HAM10000 training images) from non-dermoscopic images (training/negatives.py with a
seed other than the reported seed 0), on

  - `embedding`:  the 1280-d embedding as written by the C# evaluate command (--embeddings),
  - `projected`:  the same without the OOD artifact's nuisance directions (the served projection),
  - `projected+early`: `projected` plus the 384 early-stage statistics without their nuisance directions.

Score = the head's logit (high = dermoscopic). The threshold is chosen on development dermoscopy
only: the highest value that still accepts at least the requested share of it (`threshold_for`).

Subcommands (entry point training/screening_head.py; the whole study is training/screening-study.sh):

  prepare   write the label files (HAM10000 training subsample, ISIC 2017 train/validation splits) and
            render acquisition variants of HAM10000 training (and validation) images with
            skinlesion/acquisition_augment.py, on images upscaled x3, as JPEGs into --out
  study     read the embeddings of every set, fit each variant on the fitting sets, choose the variant
            and threshold on development sets, then score the reported sets once; writes JSON + Markdown
  fit       fit one variant (default projected+early) on the fitting sets and choose its threshold on the
            development sets exactly as `study` does, and the lowest threshold a site profile may set in its place
            (siteThresholdFloor: leave-one-source-out refusal of the fitting negatives still >= 0.90 on average, and the
            development negatives refused >= 0.97, >= 0.90 in every group), then
            write the out-of-distribution artifact as schema 5 with the head (skinlesion/ood.py owns the format) and
            update the manifest's outOfDistribution
  attach    put a head written by `fit --head-out` into an artifact (schema 5) and update the manifest
  generalisation  refit once per fitting-negative source left out; the share of its negatives refused (ADR 0025)
  clinics   refit once per dermoscopy source left out; the share of its development images accepted at each
            acceptance target, beside the negatives' refusal at the same targets (ADR 0033)
  sites     refit once per dermoscopy source left out; a site screening threshold chosen on half of its development
            images (down to the head's site floor) and the other half's acceptance at it (ADR 0034)
  parity-fixture  a head fitted on synthetic vectors of the shipped artifact's dimensions, as a JSON merge
            patch of that artifact plus vectors and the scores numpy computes, for the C# parity test

Runs on Debian's Python (numpy, scipy, PIL; torch only for `prepare`). Deterministic for a given seed.
"""
from __future__ import annotations

import argparse
import base64
import json
import sys
from dataclasses import dataclass, field

import numpy as np

from . import ood
from .screening_prepare import prepare
from .screening_sets import ImageSet, concat, read_set, subset

# ---------------------------------------------------------------------------------------------- head


@dataclass
class Head:
    """A fitted logistic regression on standardised features: score(x) = ((x - mean) / scale) @ w + b."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    info: dict = field(default_factory=dict)

    def score(self, x: np.ndarray) -> np.ndarray:
        """The logit of 'dermoscopic' for each row of x (higher = more dermoscopic)."""
        z = (np.asarray(x, dtype=np.float64) - self.mean) / self.scale
        return z @ self.weights + self.bias


def fit_head(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iterations: int = 2000, tolerance: float = 1e-9) -> Head:
    """Class-balanced logistic regression with an L2 penalty (not on the bias), fitted by L-BFGS (scipy).

    x: [n, d] features; y: [n] 1 for dermoscopic, 0 for not. Features are standardised with the fitting
    data's mean and standard deviation. Each class carries half of the total weight, so the 1:few ratio of
    negatives does not push the boundary; the objective is the weighted log-loss + l2 / (2 n) * |w|^2.
    Deterministic: zero start, no sampling. (L-BFGS, not Newton: Debian's numpy uses the reference BLAS,
    on which a 1664 x 1664 Hessian per iteration takes seconds.)
    """
    from scipy.optimize import minimize

    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.ndim != 2 or len(x) != len(y) or not set(np.unique(y)) <= {0.0, 1.0} or len(np.unique(y)) != 2:
        raise ValueError("fit_head needs x [n, d] and y [n] holding both 0 and 1")
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-12] = 1.0
    z = (x - mean) / scale
    n_pos, n_neg = y.sum(), (1 - y).sum()
    sample_w = np.where(y == 1, 0.5 / n_pos, 0.5 / n_neg)          # sums to 1
    lam = l2 / len(x)

    def objective(theta):
        w, b = theta[:-1], theta[-1]
        t = z @ w + b
        # log(1 + exp(-t)) for y = 1, log(1 + exp(t)) for y = 0, computed stably
        signed = np.where(y == 1, -t, t)
        loss = np.sum(sample_w * np.logaddexp(0.0, signed)) + 0.5 * lam * (w @ w)
        p = 1.0 / (1.0 + np.exp(-np.clip(t, -40, 40)))
        r = sample_w * (p - y)
        return loss, np.r_[z.T @ r + lam * w, r.sum()]

    res = minimize(objective, np.zeros(z.shape[1] + 1), jac=True, method="L-BFGS-B",
                   options={"maxiter": iterations, "gtol": tolerance, "ftol": 1e-15})
    theta = res.x
    return Head(mean=mean, scale=scale, weights=theta[:-1], bias=float(theta[-1]),
                info={"l2": l2, "iterations": int(res.nit), "converged": bool(res.success),
                      "positives": int(n_pos), "negatives": int(n_neg)})


def threshold_for(scores: np.ndarray, acceptance: float) -> float:
    """The highest threshold t such that at least `acceptance` of `scores` satisfy score >= t (accepted).

    With s sorted ascending and m = floor((1 - acceptance) * n) images allowed to be refused, t = s[m]:
    every score from s[m] up is accepted, i.e. at least n - m >= acceptance * n.
    """
    s = np.sort(np.asarray(scores, dtype=np.float64))
    if len(s) == 0 or not 0 < acceptance <= 1:
        raise ValueError("threshold_for needs scores and 0 < acceptance <= 1")
    m = int(np.floor((1 - acceptance) * len(s) + 1e-9))
    return float(s[min(m, len(s) - 1)])


# ------------------------------------------------------------------------------------------ features


def _b64(text: str, rows: int, dim: int) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<f4").astype(np.float64).reshape(rows, dim)


def nuisance_bases(ood_json: str) -> dict:
    """The served OOD artifact's nuisance directions: {'embedding': [16, 1280], 'early': [32, 384]}."""
    with open(ood_json) as f:
        d = json.load(f)["distances"]
    return {k: _b64(v["nuisanceBasis"], v["nuisanceComponents"], v["dimension"]) for k, v in d.items()}


def project_out(x: np.ndarray, basis: np.ndarray) -> np.ndarray:
    """x without its components along the orthonormal rows of basis (as skinlesion/ood.py and the C# scorer)."""
    x = np.asarray(x, dtype=np.float64)
    return x - (x @ basis.T) @ basis


VARIANTS = ("embedding", "projected", "projected+early")


def features(variant: str, embedding: np.ndarray, early: np.ndarray, bases: dict) -> np.ndarray:
    if variant == "embedding":
        return np.asarray(embedding, dtype=np.float64)
    projected = project_out(embedding, bases["embedding"])
    if variant == "projected":
        return projected
    if variant == "projected+early":
        return np.hstack([projected, project_out(early, bases["early"])])
    raise ValueError(f"unknown variant {variant}")


# What a served head's features are, per variant; `embedding` (unprojected) is not served: the service always
# projects the nuisance directions out before a head sees an output.
SERVED_FEATURES = {"projected": ["embedding"], "projected+early": ["embedding", "earlyStatistics"]}


def head_dict(head: Head, threshold: float, variant: str, fit: dict | None = None, site_threshold_floor: float | None = None) -> dict:
    """The schema-5 `head` of the OOD artifact for a fitted head of `variant` (its arrays as base64 float32)."""
    if variant not in SERVED_FEATURES:
        raise ValueError(f"variant {variant} cannot be served; one of {sorted(SERVED_FEATURES)}")
    info = {"variant": variant, **head.info, **(fit or {})}
    return ood.head_fields(head.mean, head.scale, head.weights, head.bias, threshold, SERVED_FEATURES[variant], info,
                           site_threshold_floor)


def head_from_dict(fields: dict) -> Head:
    """The head a schema-5 `head` describes, with the float32 values the service scores with."""
    mean, scale, weights = ood.head_arrays(fields)
    return Head(mean=mean, scale=scale, weights=weights, bias=float(fields["bias"]), info=dict(fields.get("fit", {})))


# ------------------------------------------------------------------------------------------- study


def current_refused(s: ImageSet) -> np.ndarray:
    """The served screening: rejected (featureless-image, greyscale-image or not-dermoscopic)."""
    return s.status() == "rejected"


def featureless(s: ImageSet) -> np.ndarray:
    """Refused by the texture floor, which the head does not replace.

    The service's colour floor (greyscale-image, ADR 0049) is left out on purpose: every choice made here (threshold,
    development refusal per group, the site floor) still holds the head to refuse greyscale negatives on its own, so
    the figures stay comparable with those before the floor and a refit cannot lean on it."""
    return np.array(["featureless-image" in r for r in s.reasons()], dtype=bool)


def head_refused(s: ImageSet, scores: np.ndarray, threshold: float) -> np.ndarray:
    """The head in place of the two distances: refused when featureless (texture floor, kept) or score < threshold."""
    return featureless(s) | (scores < threshold)


def _rate(mask: np.ndarray) -> float:
    return float(np.mean(mask)) if len(mask) else float("nan")


def _groups(s: ImageSet) -> np.ndarray:
    return s.column("label")


# The served head's L2 penalty (ADR 0035): the largest of 1..10,000 at which leave-one-source-out refusal of the fitting
# negatives stays where 1.0 had it (0.949 against 0.952 on average, the same two sources under 90%), while a left-out
# dermoscopy source is accepted more (HAM10000 0.876 -> 0.950, ISIC 2017 0.912/0.873 -> 0.929/0.887, the archive
# extras 0.887 -> 1.000 at the served rule). Development data only (screening_head.py clinics --l2).
SERVED_L2 = 1000.0

# Every dermoscopy source the classifier trains on is in the fit, with its validation split among the development sets
# (ADR 0030): left out, the ISIC archive's 180x180 images were a source the head had never seen, and it refused 7 of the
# 62 validation ones, all melanomas.
FIT_POSITIVE = ("ham-train-sample", "isic2017-train", "archive-train", "render-fit")
DEV_POSITIVE = ("ham-validation", "isic2017-trainval", "isic2017-validation", "archive-validation")


def fit_variant_on(variant: str, positives: list, negatives: ImageSet, bases: dict, l2: float) -> Head:
    """The head of `variant` fitted on dermoscopy `positives` (ImageSets) against `negatives`."""
    pos = concat(positives, "fit-positive")
    x = np.vstack([features(variant, pos.embedding, pos.early, bases), features(variant, negatives.embedding, negatives.early, bases)])
    y = np.r_[np.ones(len(pos.rows)), np.zeros(len(negatives.rows))]
    return fit_head(x, y, l2=l2)


def development_threshold(head: Head, variant: str, dev_pos: dict, bases: dict, acceptance: float,
                          per_source: bool = False) -> tuple:
    """The threshold accepting `acceptance` of the pooled development dermoscopy (or, per_source, of every development
    set: the lowest of their thresholds, so no clinic's equipment pays for another's), and each set's scores."""
    sc = {n: head.score(features(variant, s.embedding, s.early, bases)) for n, s in dev_pos.items()}
    if per_source:
        return min(threshold_for(x, acceptance) for x in sc.values()), sc
    return threshold_for(np.concatenate(list(sc.values())), acceptance), sc


def study(args: argparse.Namespace) -> int:
    d = args.embeddings
    bases = nuisance_bases(args.ood)
    fit_pos = [read_set(d, n) for n in FIT_POSITIVE]
    fit_neg = read_set(d, "neg-seed1")
    dev_pos = {n: read_set(d, n) for n in DEV_POSITIVE}
    dev_render = read_set(d, "render-dev")
    dev_neg = read_set(d, "neg-seed2")
    held = [g for g in args.hold_out.split(",") if g]
    result: dict = {"acceptance": args.acceptance, "heldOutGroups": held, "variants": {}}

    def fit_variant(variant: str, neg: ImageSet) -> Head:
        return fit_variant_on(variant, fit_pos, neg, bases, args.l2)

    def dev_figures(head: Head, variant: str, neg_dev: ImageSet) -> dict:
        t, sc = development_threshold(head, variant, dev_pos, bases, args.acceptance)
        out = {"threshold": t, "accepted": {n: 1 - _rate(head_refused(dev_pos[n], sc[n], t)) for n in sc}}
        rsc = head.score(features(variant, dev_render.embedding, dev_render.early, bases))
        out["accepted"]["render-dev"] = 1 - _rate(head_refused(dev_render, rsc, t))
        nsc = head.score(features(variant, neg_dev.embedding, neg_dev.early, bases))
        refused = head_refused(neg_dev, nsc, t)
        g = _groups(neg_dev)
        out["negativesRefused"] = {k: _rate(refused[g == k]) for k in sorted(set(g))}
        out["negativesRefused"]["all"] = _rate(refused)
        # how many negatives only the texture floor refuses vs the head score alone
        out["negativesRefusedByScore"] = _rate(nsc < t)
        return out

    cur = {n: 1 - _rate(current_refused(s)) for n, s in {**dev_pos, "render-dev": dev_render}.items()}
    g = _groups(dev_neg)
    refused = current_refused(dev_neg)
    result["developmentCurrent"] = {"accepted": cur, "negativesRefused": {
        **{k: _rate(refused[g == k]) for k in sorted(set(g))}, "all": _rate(refused)}}
    print(f"current screening: dev accepted {cur} neg refused {result['developmentCurrent']['negativesRefused']}")
    for variant in VARIANTS:
        head = fit_variant(variant, fit_neg)
        full = dev_figures(head, variant, dev_neg)
        neg_kept = subset(fit_neg, ~np.isin(_groups(fit_neg), held), "neg-seed1-kept")
        ho = fit_variant(variant, neg_kept)
        hof = dev_figures(ho, variant, dev_neg)
        result["variants"][variant] = {"fit": head.info, "development": full,
                                       "heldOutFit": {"fit": ho.info, "development": hof}}
        print(f"{variant}: t={full['threshold']:.3f} dev accepted {full['accepted']} "
              f"neg refused {full['negativesRefused']} | held-out fit: {hof['negativesRefused']}", flush=True)

    # choice on development data: the variant refusing the most development negatives at the threshold,
    # ties broken by the held-out-group fit's refusal of the groups it never saw, then by the order of VARIANTS
    def key(v):
        r = result["variants"][v]
        ho = r["heldOutFit"]["development"]["negativesRefused"]
        return (r["development"]["negativesRefused"]["all"], np.mean([ho[g] for g in held]) if held else 0.0)
    chosen = max(VARIANTS, key=key)
    result["chosen"] = chosen
    if args.dev_only:
        _dump(args, result)
        return 0

    # report once: the chosen variant, fitted on all fitting sets, its development threshold
    head = fit_variant(chosen, fit_neg)
    t = result["variants"][chosen]["development"]["threshold"]
    ho = fit_variant(chosen, subset(fit_neg, ~np.isin(_groups(fit_neg), held)))
    t_ho = result["variants"][chosen]["heldOutFit"]["development"]["threshold"]
    report = {}
    for name in args.reported.split(","):
        s = read_set(d, name)
        sc = head.score(features(chosen, s.embedding, s.early, bases))
        cur, hr = current_refused(s), head_refused(s, sc, t)
        hr_ho = head_refused(s, ho.score(features(chosen, s.embedding, s.early, bases)), t_ho)
        entry = {"images": len(s.rows), "current": {"accepted": 1 - _rate(cur), "refused": _rate(cur)},
                 "head": {"accepted": 1 - _rate(hr), "refused": _rate(hr)},
                 "headHeldOutFit": {"accepted": 1 - _rate(hr_ho), "refused": _rate(hr_ho)}}
        if name.startswith("neg"):
            g = _groups(s)
            entry["groups"] = {k: {"images": int((g == k).sum()), "current": _rate(cur[g == k]), "head": _rate(hr[g == k]),
                                   "headHeldOutFit": _rate(hr_ho[g == k])} for k in sorted(set(g))}
        report[name] = entry
    result["reported"] = report
    _dump(args, result)
    return 0


def _dump(args: argparse.Namespace, result: dict) -> None:
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
    print(f"wrote {args.out}")


# -------------------------------------------------------------------------------------------- cli


def parse_args(argv: list | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    a = sub.add_parser("prepare", help="label files and acquisition renderings for the study")
    a.add_argument("--images", default="../shared/data/ham10000/images.tar.gz")
    a.add_argument("--ham-split", default="training/splits/ham10000.csv")
    a.add_argument("--isic-split", default="training/splits/isic2017-train.csv",
                   help="ISIC 2017 training split; its folder also holds the other committed splits and near-duplicates.csv")
    a.add_argument("--archive-split", default="training/splits/isic-archive-extra.csv", help="ISIC archive extras split (with dx)")
    a.add_argument("--validation-labels", default="../shared/data/isic2017-validation/labels.csv",
                   help="ISIC 2017 validation labels, written to isic2017-validation-dev.csv less the copies of test images")
    a.add_argument("--out", default=".data/screening")
    a.add_argument("--ham-train", type=int, default=2000, help="HAM10000 training images sampled (default: %(default)s)")
    a.add_argument("--renders", type=int, default=1000, help="renderings of training images (default: %(default)s)")
    a.add_argument("--renders-dev", type=int, default=300, help="renderings of validation images (default: %(default)s)")
    a.add_argument("--seed", type=int, default=0)
    b = sub.add_parser("study", help="fit, choose on development data, report")
    b.add_argument("--embeddings", default=".data/screening/emb", help="folder of <set>.npy, <set>.early.npy, <set>/predictions.csv")
    b.add_argument("--ood", default="models/skin-lesion-mobilenetv2-ood.json", help="served OOD artifact (nuisance bases)")
    b.add_argument("--acceptance", type=float, default=0.99, help="share of development dermoscopy accepted (default: %(default)s)")
    b.add_argument("--l2", type=float, default=SERVED_L2, help="L2 penalty (default: %(default)s)")
    b.add_argument("--hold-out", default="medical,photo", help="negative groups left out of the held-out-group fit")
    b.add_argument("--reported", default="isic2017-test,isic2016-test,neg-seed0,stress-black-border,stress-grid,stress-zoom-out")
    b.add_argument("--dev-only", action="store_true", help="stop after the development figures")
    b.add_argument("--out", default=".data/screening/study.json")
    c = sub.add_parser("fit", help="fit the served head (study's rule) and write the schema-5 artifact")
    c.add_argument("--embeddings", default=".data/screening/emb", help="folder of <set>.npy, <set>.early.npy, <set>/predictions.csv")
    c.add_argument("--fit-negatives", required=True, help="name (in --embeddings) of the negatives the head is fitted on")
    c.add_argument("--dev-negatives", required=True, help="name (in --embeddings) of the development negatives (figures only)")
    c.add_argument("--variant", default="projected+early", choices=sorted(SERVED_FEATURES))
    c.add_argument("--acceptance", type=float, default=0.99, help="share of development dermoscopy accepted (default: %(default)s)")
    c.add_argument("--l2", type=float, default=SERVED_L2, help="L2 penalty (default: %(default)s)")
    d = sub.add_parser("attach", help="put a head written by fit --head-out into an artifact (schema 5)")
    d.add_argument("--head", required=True, help="the head's JSON (the artifact's `head` object)")
    for q in (c, d):
        q.add_argument("--manifest", default="models/skin-lesion-mobilenetv2.json", help="model manifest; its outOfDistribution entry is updated unless --out")
        q.add_argument("--artifact", help="artifact to add the head to (default: the one the manifest lists); its nuisance bases define the features")
        q.add_argument("--version", required=True, help="the new artifact's version")
        q.add_argument("--informational", default="early", help="distances kept as information only (refuses: false), comma-separated; '' for none (default: %(default)s)")
        q.add_argument("--out", help="write the artifact here and leave the manifest alone (default: over the manifest's artifact, updating the manifest)")
    c.add_argument("--head-out", help="also write the head's JSON here (for attach)")
    c.add_argument("--labels", default=".data/screening/neg-fit/labels.csv",
                   help="the fitting negatives' labels.csv (training/negatives.py): their sources, for the site threshold floor (default: %(default)s)")
    def left_out_study(name: str, help_text: str) -> argparse.ArgumentParser:
        """A study that refits the head with part of its fitting sets left out (generalisation, clinics)."""
        parser = sub.add_parser(name, help=help_text)
        parser.add_argument("--embeddings", default=".data/screening/emb", help="folder of <set>.npy, <set>.early.npy, <set>/predictions.csv")
        parser.add_argument("--fit-negatives", default="neg-fit", help="name (in --embeddings) of the negatives the head is fitted on")
        parser.add_argument("--labels", default=".data/screening/neg-fit/labels.csv", help="those negatives' labels.csv (training/negatives.py)")
        parser.add_argument("--artifact", default="models/skin-lesion-mobilenetv2-ood.json", help="the model's OOD artifact (nuisance bases)")
        parser.add_argument("--variant", default="projected+early", choices=sorted(SERVED_FEATURES))
        parser.add_argument("--out", help="also write the figures here (JSON)")
        return parser

    g = left_out_study("generalisation", "leave-one-source-out refusal of the fitting negatives (no artifact written)")
    g.add_argument("--acceptance", type=float, default=0.99, help="share of development dermoscopy accepted (default: %(default)s)")
    g.add_argument("--l2", default=str(SERVED_L2), help="L2 penalties to weigh, comma-separated (default: %(default)s)")
    k = left_out_study("clinics", "leave-one-clinic-out acceptance of dermoscopy and leave-one-source-out refusal of negatives "
                                  "at each acceptance target (no artifact written)")
    k.add_argument("--acceptances", default="0.99,0.995,0.998,1.0", help="acceptance targets of the threshold rule, comma-separated (default: %(default)s)")
    k.add_argument("--l2", type=float, default=SERVED_L2, help="L2 penalty (default: %(default)s)")
    m = left_out_study("sites", "what a site screening threshold buys a clinic the head was not fitted on: chosen on half of "
                                "its development images, measured on the other half (no artifact written)")
    m.add_argument("--l2", type=float, default=SERVED_L2, help="L2 penalty (default: %(default)s)")
    m.add_argument("--seed", type=int, default=0, help="the halves' random split (default: %(default)s)")
    m.add_argument("--dev-negatives", default="neg-dev", help="name (in --embeddings) of the development negatives the floor must still refuse; '' for none (default: %(default)s)")
    n = sub.add_parser("precheck-manifest", help="screening-precheck.sh: a candidate's manifest readied for fit-ood.sh and fit-screening.sh")
    n.add_argument("--candidate", required=True, help="the training run's manifest")
    n.add_argument("--shipped", default="models/skin-lesion-mobilenetv2.json", help="the shipped manifest (segmentation, clinical)")
    n.add_argument("--out", required=True, help="where the readied manifest goes")
    t = sub.add_parser("precheck-table", help="screening-precheck.sh: the candidate's development figures beside the shipped model's")
    t.add_argument("--folder", default=".data/screening", help="where precheck-<sha>-ood.json and generalisation-<sha>.json are")
    t.add_argument("--sha", required=True, help="the candidate manifest's sha256, first 12 hex digits")
    t.add_argument("--shipped", required=True, help="the shipped manifest's sha256, first 12 hex digits")
    e = sub.add_parser("parity-fixture", help="the C# parity test's fixture (a synthetic head for an artifact)")
    e.add_argument("--artifact", default="models/skin-lesion-mobilenetv2-ood.json")
    e.add_argument("--out", default="tests/Shared/Fixtures/screening-head.json")
    e.add_argument("--seed", type=int, default=0)
    return p.parse_args(argv)


def main(argv: list | None = None) -> int:
    args = parse_args(argv)
    # These build on this module's head, so they are imported when asked for.
    from .screening_fixture import parity
    from .screening_generalisation import clinics, generalisation, sites
    from .screening_precheck import precheck_manifest, precheck_table
    from .screening_served import attach, fit

    commands = {"prepare": prepare, "study": study, "fit": fit, "attach": attach, "generalisation": generalisation, "clinics": clinics,
                "sites": sites, "parity-fixture": parity, "precheck-manifest": precheck_manifest, "precheck-table": precheck_table}
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
