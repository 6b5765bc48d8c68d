"""MODEL_CARD.md, rendered from the manifest so the card and the served numbers cannot drift."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Dict, List

INTENDED_USE = (
    "Decision support for clinicians triaging dermoscopic images of pigmented skin lesions: it shows how a model trained on "
    "HAM10000 would classify the lesion among seven diagnostic categories and whether the combined probability of the malignant "
    "categories (melanoma, basal cell carcinoma, actinic keratosis/intraepithelial carcinoma) reaches a threshold chosen for "
    "about 90% sensitivity. It is not a diagnosis, must not be used without a clinician's judgement, and is not a certified "
    "medical device."
)

LIMITATIONS = [
    "Made for dermoscopic images only. A screening step refuses images that do not look dermoscopic (photographs, documents, other medical images: the negative sets on the model page), but not every one of them, and clinical close-up photographs of skin lesions were not available to measure it on: one that gets through is classified as if it were dermoscopic.",
    "Seven categories only: lesions outside them (e.g. squamous cell carcinoma, Merkel cell carcinoma, amelanotic melanoma variants rare in the data) cannot be named.",
    "Training resolution is 200x150 pixels (the shared downsized copy of HAM10000), upsampled to 224x224 inside the graph: fine structures visible at full dermoscopic resolution are lost.",
    "Most training images come from HAM10000's two sites (Vienna, Austria and Queensland, Australia), with about 2,000 ISIC archive images from other clinics; the data are dominated by fair skin types, so performance on darker skin types has not been measured and is expected to be worse.",
    "Class imbalance: nevi are 67% of the data, dermatofibroma and vascular lesions about 1% each; their per-class recall has wide intervals.",
    "External sets (ISIC 2016/2017) show how the model travels to other clinics and cameras; their figures are lower than in-distribution HAM10000 test figures.",
]


def _three(value: float) -> str:
    """Three decimals of a figure as its text reads. The evaluate reports' figures arrive rounded to four decimals, and
    the float 0.9365 (59/63 = 0.93651...) is stored just below the half, so `:.3f` printed 0.936 where the report says
    0.937. Half up is how the four-decimal text reads (and how the evaluate reports print the manifest's figures); it
    can be one in the last place above the unrounded value (0.12348 -> 0.1235 -> 0.124, where 0.12348 reads 0.123),
    the unrounded value not being kept."""
    return str(Decimal(repr(float(value))).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))


def _ci(entry) -> str:
    if isinstance(entry, dict) and "value" in entry:
        lo, hi = entry["ci95"]
        return f"{_three(entry['value'])} ({_three(lo)}–{_three(hi)})"
    return "—" if entry is None else _three(entry)


def _model(m: Dict) -> List[str]:
    tr, thr, cal, rule = m["training"], m["malignantThreshold"], m["calibration"], m["decisionRule"]
    return [
        f"# Model card: {m['name']} {m['version']}",
        "",
        f"> **Decision support, not a diagnosis.** {m['intendedUse']}",
        "",
        "## Model",
        "",
        f"- {m['description']}",
        f"- File `{m['file']}` ({m['sizeBytes'] / 1e6:.1f} MB), sha256 `{m['sha256']}`, ONNX opset {m['opset']}.",
        f"- Input: `{m['input']['name']}` uint8 [N, {m['input']['height']}, {m['input']['width']}, 3] RGB (NHWC); "
        f"{m['input']['normalization']}. Before the graph, an upload is brought to this geometry: "
        + (f"{m['input']['geometry']['decode']}; " if "decode" in m['input']['geometry'] else "")
        + f"{m['input']['geometry']['orientation']}; {m['input']['geometry']['aspect']}; {m['input']['geometry']['resize']} "
        "(see docs/model-contract.md).",
        "- Outputs: `probabilities` [N,7] (calibrated), `logits` [N,7], `embedding` [N,1280], "
        f"`cam` [N,{','.join(str(d) for d in m['camShape'])}] (class activation maps)"
        + (f", `{m['outputs']['earlyStatistics']}` [N,128 per member] (early-layer colour and texture statistics the screening "
           "reads; docs/model-contract.md)." if m["outputs"].get("earlyStatistics") else "."),
        f"- Calibration: temperature {cal['temperature']:.3f} fitted on validation (15-bin ECE {cal['eceBefore']:.3f} → {cal['eceAfter']:.3f} on validation, "
        f"{cal['testEceBefore']:.3f} → {cal['testEceAfter']:.3f} on test).",
        f"- Top class: {rule['description']} Exponent {rule['exponent']}.",
        f"- Verdict: malignant when p(mel)+p(bcc)+p(akiec) ≥ {thr['value']:.4f}, chosen on validation for ≥ {thr['targetSensitivity']:.0%} "
        + ("sensitivity on every training source's validation images (pooled " if m["metrics"].get("validationBySource") else "sensitivity (")
        + f"validation sensitivity {_ci(thr['validationSensitivity'])}, specificity {_ci(thr['validationSpecificity'])}).",
        f"- CPU latency of one image through the whole graph (onnxruntime, batch 1, {tr['cpuLatency']['intraOpThreads']} threads, "
        f"median of {tr['cpuLatency']['runs']}): {tr['cpuLatency']['medianMs']:.1f} ms on {tr['cpuLatency']['cpu']} (the GPU machine's CPU).",
        "",
        "## Data",
        "",
        f"- {m['data']['attribution']} Licence: {m['data']['licence']} — attribution, non-commercial use, share-alike; "
        "this model inherits those terms.",
        f"- Split by `lesion_id` (never by image), stratified by diagnosis, 70/15/15: {m['split']['counts']} images; "
        f"`{m['split']['file']}` (sha256 `{m['split']['sha256'][:16]}…`). Every choice was made on validation; the test split was evaluated once.",
        f"- External sets: {m['data']['externalSets']}.",
        *_extra_sources(m),
        "",
    ]


def _results(m: Dict) -> List[str]:
    t, v = m["metrics"]["test"], m["metrics"]["validation"]
    lines = [
        "## Results on the HAM10000 test split (95% bootstrap intervals, resampling lesions)",
        "",
        "| metric | test | validation |",
        "| --- | --- | --- |",
    ]
    for key, name in (("balancedAccuracy", "balanced accuracy (shipped rule)"), ("accuracy", "accuracy (shipped rule)"),
                      ("macroAuc", "macro one-vs-rest AUC"), ("malignantAuc", "malignant-vs-benign AUC"),
                      ("malignantSensitivity", "malignant sensitivity at threshold"), ("malignantSpecificity", "malignant specificity at threshold"),
                      ("ece15", "ECE (15 bins, calibrated)")):
        lines.append(f"| {name} | {_ci(t[key])} | {_ci(v[key])} |")
    lines += ["", "Per class on test (shipped decision rule):", "", "| class | support | recall | precision | AUC |", "| --- | --- | --- | --- | --- |"]
    for code, row in t["perClass"].items():
        lines.append(f"| {code} | {row['support']} | {_ci(row['recall'])} | {_ci(row['precision'])} | {_ci(row['auc'])} |")
    ab = m["metrics"].get("testAblation", {})
    if ab:
        lines += ["", "Ensemble and test-time augmentation on test (reported, not used for any choice):", "",
                  "| members x views | macro AUC | malignant AUC | balanced accuracy |", "| --- | --- | --- | --- |"]
        for key, row in ab.items():
            lines.append(f"| {key} | {row['macroAuc']:.3f} | {row['malignantAuc']:.3f} | {row['balancedAccuracy']:.3f} |")
    return lines


def _external(m: Dict) -> List[str]:
    ext = [(k, r) for k, r in m["metrics"].items() if k.startswith("isic")]
    if not ext:
        return []
    lines = ["", "## External sets (other clinics; binary/three-class tasks)", "",
             "| set | images | melanoma AUC | seb. keratosis AUC | 3-class bal. acc. | melanoma sensitivity at threshold | specificity at threshold |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for k, r in ext:
        spec = r.get("nonMelanomaSpecificityAtThreshold", r.get("benignSpecificityAtThreshold"))
        lines.append(f"| {k} | {r['images']} | {_ci(r['melanomaAuc'])} | {_ci(r.get('seborrheicKeratosisAuc'))} | "
                     f"{_ci(r.get('threeClassBalancedAccuracy'))} | {_ci(r['melanomaSensitivityAtThreshold'])} | {_ci(spec)} |")
    return lines + ["", "ISIC images arrive as 256x256 squares (squashed from their originals); the served geometry rule centre-crops them to 4:3."]


def _figures_limitations_training(m: Dict) -> List[str]:
    tr = m["training"]
    lines = ["", "## Figures", ""]
    for key, file in m["figures"].items():
        lines.append(f"- {key}: [{file}]({file})")
    lines += ["", "## Limitations and known failure modes", ""]
    lines += [f"- {x}" for x in m["limitations"]]
    return lines + ["", "## Training", "",
                    f"- {tr['initialisation']}. Conversion check (converted ImageNet network on skimage photos): "
                    + "; ".join(f"{c['image']} → {c['top3'][0]['label']} ({c['top3'][0]['p']:.2f})" for c in tr["conversionCheck"]) + ".",
                    f"- Recipes: {tr['recipes']}.",
                    f"- Members trained: {tr['membersTrained']}.",
                    f"- Shipped configuration chosen on validation: {tr['selection']['chosen']} ({tr['selection']['rule']}).",
                    *_distillation(tr),
                    f"- {tr['weights']}. onnxruntime vs PyTorch, max |difference| over {tr['onnxCheckImages']} images: {tr['onnxVsPytorchMaxAbsDifference']}.",
                    f"- Trained with torch {tr['torch']} on {tr['device']} in {tr['seconds']:.0f} s. Reproduce: `{tr['command']}` (training/README.md).",
                    ""]


def _distillation(tr: Dict) -> List[str]:
    d = tr.get("distillation")
    if not d:
        return []
    if d["mode"] != "consistent":
        how = "the teacher's logits of each un-augmented training image"
    elif d.get("view"):
        name, _, shown = d["view"].partition(": ")
        how = (f"the teacher, rebuilt in PyTorch from its graph, saw each of the student's batches in its `{name}` view ({shown}), "
               f"at {d['teacherNetworkSize']} pixels")
    else:
        how = ("the teacher, rebuilt in PyTorch from its graph, saw every augmented and mixed batch the student saw, at "
               f"{d['teacherNetworkSize']} pixels")
    embedding = (f" + {d['embeddingWeight']:g} x the squared error of the pooled features against the teacher's embedding "
                 "(relative to its mean square)" if d.get("embeddingWeight") else "")
    return [f"- Distilled from {d.get('teacher', 'a deployed graph')} (sha256 `{d['sha256'][:12]}…`): loss {1 - d['weight']:.1f} x "
            f"cross-entropy + {d['weight']:.1f} x T² x KL(teacher ‖ student) at T = {d['temperature']:g}{embedding}; {how}."]


def _extra_sources(m: Dict) -> List[str]:
    extra = m["data"].get("extraTrainingSources")
    if not extra:
        return []
    names = ", ".join(f"{s['name']} (`{s['split']}`)" for s in extra["sources"])
    return [f"- Other clinics in training: {names}; {extra['licence']}. Each split once, 80/20 stratified by diagnosis; "
            f"their training images appear {extra['repeatPerEpoch']}x per epoch; {extra['note']}. Without lesion ids, "
            "their validation figures are optimistic."]


def _validation_by_source(m: Dict) -> List[str]:
    by = m["metrics"].get("validationBySource")
    if not by:
        return []
    lines = ["", "Validation by source, at the shipped threshold (the threshold is the lowest that gives every source with at least "
             "20 malignant validation images the target sensitivity; the validation column above pools these sources):", "",
             "| source | images | malignant | malignant AUC | sensitivity | specificity |", "| --- | --- | --- | --- | --- | --- |"]
    for name, r in by.items():
        lines.append(f"| {name} | {r['images']} | {r['malignant']} | {_ci(r['malignantAuc'])} | {_ci(r['malignantSensitivity'])} | "
                     f"{_ci(r['malignantSpecificity'])} |")
    return lines


def _segmentation(m: Dict) -> List[str]:
    seg = m.get("segmentation")
    if not seg:
        return []
    test, val, tr = seg["metrics"]["test"], seg["metrics"]["validation"], seg["training"]
    return ["", "## Lesion outline (segmentation graph)", "",
            f"- `{seg['file']}` {seg['version']}: {seg['description']}; run only when the caller asks for the outline.",
            f"- Trained on the HAM10000 masks of the same lesion-grouped split ({tr['trainImages']} training images), with the "
            "classifier's acquisition augmentations; epoch and threshold "
            f"({seg['threshold']}) chosen on validation Jaccard.",
            f"- HAM10000 test ({test['images']} images): mean Dice {_ci(test['dice'])}, mean Jaccard {_ci(test['jaccard'])}; "
            f"validation Dice {_ci(val['dice'])}, Jaccard {_ci(val['jaccard'])} (onnxruntime on the exported graph; lesions resampled).",
            "- The outline and the ABCD-style measures computed from it are aids for the clinician's own reading, not a diagnosis."]


def _clinical(m: Dict) -> List[str]:
    clinical = m.get("clinical")
    if not clinical:
        return []
    gain = clinical["validationGain"]
    used = "uses" if clinical["fusion"] else "does **not** use"
    return ["", "## Clinical data (age, sex, body site)", "",
            f"- The service accepts age, sex and body site with an image; this model version {used} them in its answer.",
            f"- Decision on validation: {clinical['decision']['rule']}. Measured: balanced accuracy {gain['balancedAccuracy']:+.4f}, "
            f"malignant AUC {gain['malignantAuc']:+.4f}, so {'a fusion graph ships' if clinical['fusion'] else 'no fusion ships'}.",
            f"- The study's tables (validation, HAM10000 test, ISIC 2016 test): [{clinical['report']}]({clinical['report'].replace('report.json', 'README.md')})."]


def render(m: Dict) -> str:
    return "\n".join(_model(m) + _results(m) + _validation_by_source(m) + _external(m) + _figures_limitations_training(m)
                     + _segmentation(m) + _clinical(m))
