"""clinical.py's steps: measure the clinical fusion on validation, decide, and export it when it helps.

    python3 training/clinical.py study --predictions /tmp/fusion --data ../shared/data --out models/evaluation/clinical

--predictions holds `evaluate`'s outputs for the served model (each a folder with predictions.csv):
ham-validation, ham-test (HAM10000 splits), isic-val (the ISIC 2017 training set's validation split) and
isic2016-test. The ISIC 2016 test images are ISIC 2017 training images, whose labels carry age and sex; the
ISIC 2017 test set has neither, so it cannot measure the fusion.
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
from typing import List

import numpy as np

from . import clinical, clinical_fusion as cf, data, sources
from .clinical_fusion import Cases
from .pipeline import sha256

MANIFEST = os.path.join(os.path.dirname(__file__), "..", "..", "models", "skin-lesion-mobilenetv2.json")
FILE_NAME = "skin-lesion-clinical-fusion.onnx"


def parse_args(argv: List[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    study = sub.add_parser("study", help="cross-validate on validation, score the test sets, export if it helps")
    study.add_argument("--predictions", required=True, help="folder with ham-validation, ham-test, isic-val, isic2016-test")
    study.add_argument("--data", required=True, help="../shared/data")
    study.add_argument("--splits", default="training/splits", help="committed splits and near-duplicates.csv (default: %(default)s)")
    study.add_argument("--ham-split", default="training/splits/ham10000.csv", help="HAM10000 split (default: %(default)s)")
    study.add_argument("--out", required=True, help="folder for report.json and README.md")
    study.add_argument("--manifest", default=MANIFEST, help="the classifier's manifest (decision rule; 'clinical' section written)")
    study.add_argument("--models", default=os.path.dirname(MANIFEST), help="where the fusion graph is written when shipped")
    study.add_argument("--min-gain-balanced-accuracy", type=float, default=0.01)
    study.add_argument("--min-gain-malignant-auc", type=float, default=0.005)
    return p.parse_args(argv)


def load(args: argparse.Namespace):
    def predictions(name):
        return cf.read_predictions(data.read_csv(os.path.join(args.predictions, name, "predictions.csv")))

    ham_meta = {r["image_id"]: r for r in data.read_csv(os.path.join(args.data, "ham10000", "HAM10000_metadata.csv"))}
    isic_meta = {r["image_id"]: r for r in data.read_csv(os.path.join(args.data, "isic2017-train", "labels.csv"))}

    def ham(name):
        p = predictions(name)
        rows = [ham_meta[i] for i in p]
        fields = clinical.table(rows, "age", "sex", "localization")
        return Cases(np.stack(list(p.values())), fields, cf.labels_of(rows), [r["lesion_id"] for r in rows])

    # A copy of an evaluation image (ISIC 2016/2017 test) in the ISIC 2017 validation part may not fit or choose the
    # fusion: it leaves, as it leaves the classifier's training (sources.near_duplicates_left_out).
    left_out = sources.left_out_by_near_duplicates(args.splits, args.ham_split)["isic2017-train"]

    def isic(name, label):
        p = predictions(name)
        if name == "isic-val":
            p = {i: v for i, v in p.items() if i not in left_out}
        rows = [isic_meta[i] for i in p]
        fields = clinical.table(rows, "age_approximate", "sex", None)
        y = np.array([label(r) for r in rows])
        return Cases(np.stack(list(p.values())), fields, y, [f"isic:{i}" for i in p])

    return (ham("ham-validation"), ham("ham-test"), isic("isic-val", lambda r: cf.INDEX[r["dx"]]),
            isic("isic2016-test", lambda r: cf.INDEX["mel"] if r["melanoma"] == "1" else cf.INDEX["nv"]))


def run_study(args: argparse.Namespace) -> int:
    with open(args.manifest) as f:
        manifest = json.load(f)
    rule = manifest["decisionRule"]
    priors, exponent, threshold = np.array(rule["priors"]), rule["exponent"], manifest["malignantThreshold"]["value"]
    ham_val, ham_test, isic_val, isic2016 = load(args)
    fitting = cf.concatenate([ham_val, isic_val])
    scored = np.arange(len(ham_val.y))  # HAM10000 validation: seven classes and all three fields
    losses = cf.l2_by_cross_validation(fitting)
    l2 = min(losses, key=losses.get)
    validation = cf.cross_validate(fitting, scored, l2, priors, exponent, threshold)
    image, fused = validation["image only (no fusion)"], validation["fusion, age + sex + site"]
    gains = {"balancedAccuracy": round(fused["balancedAccuracy"] - image["balancedAccuracy"], 4),
             "malignantAuc": round(fused["malignantAuc"] - image["malignantAuc"], 4)}
    ships = gains["balancedAccuracy"] >= args.min_gain_balanced_accuracy and gains["malignantAuc"] >= args.min_gain_malignant_auc
    model = cf.fit(fitting, l2)
    test = cf.subsets_report(model, ham_test, priors, exponent, threshold)
    mel = isic2016.y == cf.INDEX["mel"]

    def isic_figures(probs):
        return {"melanomaAuc": round(cf.metrics.roc_auc(mel, probs[:, cf.INDEX["mel"]]), 4),
                "malignantSensitivity": cf.metrics.rounded(cf.metrics.sensitivity_specificity(mel, cf.evaluation.malignant_probability(probs), threshold)[0]),
                "benignSpecificity": cf.metrics.rounded(cf.metrics.sensitivity_specificity(mel, cf.evaluation.malignant_probability(probs), threshold)[1])}

    external = {"image only (no fusion)": isic_figures(isic2016.probabilities)}
    for subset in [("age",), ("sex",), ("age", "sex")]:
        external["fusion, " + " + ".join(subset)] = isic_figures(cf.predict(model, isic2016.probabilities, isic2016.only(subset)))
    report = {
        "created": datetime.date.today().isoformat(),
        "model": {"name": manifest["name"], "version": manifest["version"], "sha256": manifest["sha256"]},
        "fittedOn": {"hamValidation": int(len(ham_val.y)), "isic2017Validation": int(len(isic_val.y))},
        "l2ByCrossValidatedLogLoss": {str(k): v for k, v in losses.items()}, "l2": l2,
        "validationCrossValidated": validation, "validationGain": gains,
        "decision": {"ships": bool(ships), "rule": f"ship when the 5-fold lesion-grouped cross-validated HAM10000 validation "
                     f"gain with all three fields is >= {args.min_gain_balanced_accuracy} balanced accuracy and >= "
                     f"{args.min_gain_malignant_auc} malignant AUC"},
        "hamTest": test, "isic2016Test": external,
        "notes": ["figures without intervals: this is the study; the served figures with intervals come from `evaluate`",
                  "ISIC 2017 test has no age or sex in the shared data: the fusion cannot be measured there",
                  "decision rule, threshold and priors: the shipped model's (manifest), unchanged"],
    }
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "report.json"), "w") as f:
        json.dump(report, f, indent=2)
    with open(os.path.join(args.out, "README.md"), "w") as f:
        f.write(summary(report))
    section = {"fields": {"age": {"unit": "years", "minimum": clinical.AGE_RANGE[0], "maximum": clinical.AGE_RANGE[1]},
                          "sex": clinical.SEXES, "site": clinical.SITES},
               "fusion": None, "validationGain": gains, "decision": report["decision"],
               "report": os.path.relpath(os.path.join(args.out, "report.json"), os.path.dirname(os.path.abspath(args.manifest)))}
    if ships:
        path = os.path.join(args.models, FILE_NAME)
        clinical.export_onnx(model, path)
        section["fusion"] = {"file": FILE_NAME, "sha256": sha256(path), "inputs": clinical.INPUT_NAMES, "outputs": clinical.OUTPUT_NAMES}
    manifest["clinical"] = section
    with open(args.manifest, "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(summary(report))
    return 0


def summary(report: dict) -> str:
    """report.json as the tables a reader wants."""
    keys = ["balancedAccuracy", "macroAuc", "malignantAuc", "malignantSensitivity", "malignantSpecificity", "ece15", "nll"]

    def table(rows: dict, columns: List[str]) -> str:
        lines = ["| inputs | " + " | ".join(columns) + " |", "| --- |" + " --- |" * len(columns)]
        lines += [f"| {name} | " + " | ".join("—" if v[c] is None else f"{v[c]:.4f}" for c in columns) + " |" for name, v in rows.items()]
        return "\n".join(lines)

    d = report["decision"]
    return "\n\n".join([
        "# Clinical data (age, sex, body site) beside the image: the fusion study",
        f"Model {report['model']['name']} {report['model']['version']}; written by `training/clinical.py study` on "
        f"{report['created']}. Fitted on HAM10000 validation ({report['fittedOn']['hamValidation']} images) and the ISIC 2017 "
        f"validation images ({report['fittedOn']['isic2017Validation']}, age and sex); L2 {report['l2']} by cross-validated log-loss.",
        f"**Decision: {'shipped' if d['ships'] else 'not shipped'}.** Rule: {d['rule']}. Gain measured: balanced accuracy "
        f"{report['validationGain']['balancedAccuracy']:+.4f}, malignant AUC {report['validationGain']['malignantAuc']:+.4f}.",
        "## HAM10000 validation, 5-fold lesion-grouped cross-validation (what decided)",
        table(report["validationCrossValidated"], keys),
        "## HAM10000 test (scored once, for the report)",
        table(report["hamTest"], keys),
        "## ISIC 2016 test (age and sex from the ISIC 2017 training labels; no body site)",
        table(report["isic2016Test"], ["melanomaAuc", "malignantSensitivity", "benignSpecificity"]),
        "Notes: " + "; ".join(report["notes"]) + ".",
    ]) + "\n"


def main(argv: List[str] | None = None) -> int:
    args = parse_args(argv)
    return run_study(args)
