"""The release gate (ADR 0031): a candidate's served figures against the model issue's acceptance bars, beside the
shipped model's.

A candidate is chosen on validation; before it replaces the shipped model, every committed evaluation is re-run with it
(training/rerun_evaluations.py), and it ships only if it fails none of the bars that the shipped model meets. No
parameter is fitted on these figures, but the verdict is a choice made on them (the shipped figures are a survivor's),
so each reading is recorded in an ADR and a failed candidate is not redrawn to pass. The bars are the ones issue "Model 2: a classifier
and a screening that work at other clinics" accepts a model by, read from the `evaluate` reports under
models/evaluation; this module is their one definition. The shipped model's reports are read from a git revision
(default HEAD), the candidate's from the working tree.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Callable

from .evaluation_rerun import EVALUATION_ROOT, STRESS_FOLDER

# The committed evaluations and their stress folder, as training/rerun_evaluations.py re-makes them.
EVALUATION, STRESS = EVALUATION_ROOT, STRESS_FOLDER
STRESS_REFERENCE = "plain"


class Reports:
    """The evaluation reports of one model: in a folder, or at a git revision of the repository."""

    def __init__(self, root: str, revision: str | None = None, repository: str = "."):
        self.root, self.revision, self.repository = root, revision, repository

    def __str__(self) -> str:
        return f"{self.revision}:{self.root}" if self.revision else self.root

    def report(self, name: str) -> dict:
        path = f"{self.root}/{name}/report.json"
        if self.revision is None:
            with open(path) as f:
                return json.load(f)
        return json.loads(self._git("show", f"{self.revision}:{path}"))

    def stress_renderings(self) -> list:
        """The stress set's renderings: every folder under stress/ with a report."""
        folder = f"{self.root}/{STRESS}"
        if self.revision is None:
            names = [n for n in os.listdir(folder) if os.path.isfile(os.path.join(folder, n, "report.json"))]
        else:
            listed = self._git("ls-tree", "--name-only", "-r", self.revision, "--", folder + "/").splitlines()
            names = [p.split("/")[-2] for p in listed if p.endswith("/report.json")]
        return sorted(names)

    def _git(self, *args: str) -> str:
        return subprocess.run(["git", "-C", self.repository, *args], check=True, capture_output=True, text=True).stdout


@dataclass(frozen=True)
class Reading:
    """One bar read from one model's reports: the figures in words, and whether the bar is met."""
    text: str
    met: bool


@dataclass(frozen=True)
class Bar:
    name: str
    read: Callable[[Reports], Reading]


def _value(report: dict, *path: str) -> float:
    node = report
    for key in path:
        node = node[key]
    return float(node["value"] if isinstance(node, dict) else node)


def _bound(name: str, report: str, path: tuple, limit: float, floor: bool) -> Bar:
    """One figure at or above `limit` (a floor) or at or below it (a ceiling)."""
    def read(r: Reports) -> Reading:
        v = _value(r.report(report), *path)
        return Reading(f"{v:.4f}", v >= limit if floor else v <= limit)
    return Bar(f"{name} {'>=' if floor else '<='} {limit:g}", read)


def _at_least(name: str, report: str, path: tuple, floor: float) -> Bar:
    return _bound(name, report, path, floor, floor=True)


def _at_most(name: str, report: str, path: tuple, ceiling: float) -> Bar:
    return _bound(name, report, path, ceiling, floor=False)


def _both(name: str, report: str, first: tuple, second: tuple) -> Bar:
    """Two floors met together, e.g. sensitivity with specificity at the one shipped threshold."""
    def read(r: Reports) -> Reading:
        rep = r.report(report)
        a, b = _value(rep, *first[0]), _value(rep, *second[0])
        return Reading(f"{a:.4f} / {b:.4f}", a >= first[1] and b >= second[1])
    return Bar(f"{name} >= {first[1]:g} with >= {second[1]:g}", read)


def _stress_accepted(floor: float) -> Bar:
    def read(r: Reports) -> Reading:
        rates = {n: _value(r.report(f"{STRESS}/{n}"), "assessment", "rates", "accepted") for n in r.stress_renderings()}
        lowest = min(rates, key=rates.get)
        return Reading(f"lowest {rates[lowest]:.4f} ({lowest})", rates[lowest] >= floor)
    return Bar(f"stress set: every rendering accepted >= {floor:g}", read)


def _stress_loss(most: float) -> Bar:
    def read(r: Reports) -> Reading:
        auc = {n: _value(r.report(f"{STRESS}/{n}"), "rates", "malignantAuc") for n in r.stress_renderings()}
        if STRESS_REFERENCE not in auc:
            raise SystemExit(f"{r}: the stress set has no '{STRESS_REFERENCE}' rendering to compare with")
        losses = {n: round(auc[STRESS_REFERENCE] - a, 4) for n, a in auc.items() if n != STRESS_REFERENCE}
        worst = max(losses, key=losses.get)
        return Reading(f"largest {losses[worst]:.4f} ({worst})", losses[worst] <= most)
    return Bar(f"stress set: every rendering's malignant AUC within {most:g} of plain", read)


def _negative_groups(floor: float) -> Bar:
    def read(r: Reports) -> Reading:
        groups = {g["name"]: float(g["rates"]["rejected"]) for g in r.report("negatives")["assessment"]["groups"]}
        lowest = min(groups, key=groups.get)
        return Reading(f"lowest {groups[lowest]:.4f} ({lowest})", groups[lowest] >= floor)
    return Bar(f"negatives: every group refused >= {floor:g}", read)


ACCEPTED = ("assessment", "rates", "accepted")

BARS = [
    _at_least("HAM10000 test balanced accuracy", "ham10000-test", ("rates", "balancedAccuracy"), 0.78),
    _at_least("HAM10000 test macro AUC", "ham10000-test", ("rates", "macroAuc"), 0.96),
    _at_least("HAM10000 test malignant AUC", "ham10000-test", ("rates", "malignantAuc"), 0.93),
    _both("HAM10000 test sensitivity / specificity", "ham10000-test",
          (("rates", "malignantSensitivity"), 0.88), (("rates", "malignantSpecificity"), 0.75)),
    _at_most("HAM10000 test ECE", "ham10000-test", ("rates", "ece15"), 0.04),
    _at_least("ISIC 2017 test melanoma AUC", "isic2017-test", ("rates", "melanomaAuc"), 0.82),
    _both("ISIC 2017 test sensitivity / specificity", "isic2017-test",
          (("rates", "melanomaSensitivityAtThreshold"), 0.80), (("rates", "nonMelanomaSpecificityAtThreshold"), 0.60)),
    _at_least("ISIC 2017 test accepted", "isic2017-test", ACCEPTED, 0.99),
    _at_least("ISIC 2016 test melanoma AUC", "isic2016-test", ("rates", "melanomaAuc"), 0.80),
    _at_least("ISIC 2016 test accepted", "isic2016-test", ACCEPTED, 0.99),
    _stress_accepted(0.98),
    _stress_loss(0.03),
    _at_least("negatives refused", "negatives", ("assessment", "rates", "rejected"), 0.97),
    _negative_groups(0.90),
]


def gate(candidate: Reports, shipped: Reports, bars: list = BARS) -> tuple:
    """(passes, rows): each row is (bar, shipped reading, candidate reading, verdict); the candidate passes when it
    fails no bar the shipped model meets."""
    rows, passes = [], True
    for bar in bars:
        before, after = bar.read(shipped), bar.read(candidate)
        if before.met and not after.met:
            verdict, passes = "REGRESSION", False
        elif after.met and not before.met:
            verdict = "newly met"
        else:
            verdict = "met" if after.met else "not met (nor before)"
        rows.append((bar.name, before, after, verdict))
    return passes, rows


def table(rows: list) -> str:
    lines = ["| bar | shipped | candidate | verdict |", "| --- | --- | --- | --- |"]
    lines += [f"| {name} | {b.text}{'' if b.met else ' (not met)'} | {a.text}{'' if a.met else ' (not met)'} | {verdict} |"
              for name, b, a, verdict in rows]
    return "\n".join(lines)


def parse_args(argv: list | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="The release gate (ADR 0031): a candidate model's re-run evaluations against the model issue's bars, "
                    "beside the shipped model's. Exit 0 when the candidate fails no bar the shipped model meets, 1 when it "
                    "does (a regression), 2 on a usage error.")
    p.add_argument("--candidate", default=EVALUATION, help="the candidate's evaluation folder, re-run with it in models/ (default: %(default)s)")
    p.add_argument("--shipped-revision", default="HEAD",
                   help="the git revision whose models/evaluation is the shipped model's (default: %(default)s)")
    p.add_argument("--shipped", help="or the shipped model's evaluation folder (instead of a revision)")
    args = p.parse_args(argv)
    if args.shipped and "--shipped-revision" in (argv if argv is not None else sys.argv[1:]):
        p.error("give --shipped or --shipped-revision, not both")
    return args


def served(reports: Reports) -> tuple:
    """What made the HAM10000 test report (every report of one re-run has the same): the model's sha256 and the screening
    artifact with its head threshold, so a screening-only swap counts as a candidate too."""
    report = reports.report("ham10000-test")
    screening = report["assessment"]["screening"]
    return str(report["model"]["sha256"]), screening.get("outOfDistribution"), screening.get("headThreshold")


def main(argv: list | None = None) -> int:
    args = parse_args(argv)
    candidate = Reports(args.candidate)
    shipped = Reports(args.shipped) if args.shipped else Reports(EVALUATION, revision=args.shipped_revision)
    try:
        if served(candidate) == served(shipped):
            print(f"release gate: {candidate} and {shipped} are reports of the same model and screening "
                  f"({served(candidate)[0][:12]}…, {served(candidate)[1]}): install the candidate in models/ and re-run the "
                  "evaluations first (training/rerun_evaluations.py)", file=sys.stderr)
            return 2
        passes, rows = gate(candidate, shipped)
    except (OSError, KeyError, ValueError, subprocess.CalledProcessError) as e:
        detail = e.stderr.strip() if isinstance(e, subprocess.CalledProcessError) else e
        print(f"release gate: cannot read the reports ({type(e).__name__}: {detail})", file=sys.stderr)
        return 2
    print(table(rows))
    print(f"release gate: {'PASS' if passes else 'FAIL'} (candidate {candidate}, shipped {shipped})")
    return 0 if passes else 1


if __name__ == "__main__":
    sys.exit(main())
