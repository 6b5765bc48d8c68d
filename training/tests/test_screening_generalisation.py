"""Leave-one-source-out refusal of the fitting negatives (screening_head.py generalisation, ADR 0025), leave-one-clinic-out
acceptance (clinics, ADR 0033) and the site screening threshold and its floor (sites, ADR 0034)."""
import csv
import json
import os
import shutil

import numpy as np

from skinlesion import ood
from skinlesion.screening_generalisation import raise_floor_for_development_negatives, site_threshold, site_threshold_floor, source_units
from skinlesion.screening_head import (DEV_POSITIVE, FIT_POSITIVE, development_threshold, features, fit_variant_on, main,
                                      nuisance_bases)
from skinlesion.screening_sets import read_set
from test_screening_head import _write_set, tiny_artifact


def _negatives(folder, rng):
    """30 negatives: 10 from a photo far from dermoscopy, 10 from an image that looks like dermoscopy except along one
    direction (which a head learns only from its own variants), 10 synthetic."""
    lookalike = rng.normal(size=(10, 6)) + 3
    lookalike[:, :3] += 12
    emb = np.vstack([rng.normal(size=(10, 6)) - 3, lookalike, rng.normal(size=(10, 6)) - 3])
    early = np.vstack([rng.normal(size=(10, 4)) - 3, rng.normal(size=(10, 4)) + 3, rng.normal(size=(10, 4)) - 3])
    groups = ["photo"] * 10 + ["medical"] * 10 + ["noise"] * 10
    _write_set(folder, "neg-fit", emb, early, groups)
    sources = (["fit [half] skimage:far.png crop 1"] * 10 + ["fit [half] skimage:lookalike.jpg rescale 2"] * 10
               + ["fit [synthetic, not split] noise gaussian 640x480"] * 10)
    labels = os.path.join(folder, "neg-fit-labels.csv")
    with open(labels, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["image_id", "group", "source"])
        w.writerows((f"N{i}", groups[i], sources[i]) for i in range(30))
    return labels


def test_source_units_name_the_source_image_or_the_synthetic_group(tmp_path):
    labels = _negatives(str(tmp_path), np.random.default_rng(0))
    rows = [{"image_id": f"N{i}"} for i in (0, 15, 25)]

    assert list(source_units(rows, labels)) == ["skimage:far.png", "skimage:lookalike.jpg", "synthetic:noise"]


def _study_folder(tmp_path, rng, images, shift=lambda name: 3.0):
    """An artifact, every fitting and development dermoscopy set (each around `shift(name)`) and the negatives:
    (embeddings folder, artifact path, negatives' labels.csv)."""
    artifact = tmp_path / "m-ood.json"
    artifact.write_text(ood.artifact_json(tiny_artifact(rng)))
    emb = tmp_path / "emb"
    emb.mkdir()
    for name in FIT_POSITIVE + DEV_POSITIVE:
        _write_set(str(emb), name, rng.normal(size=(images, 6)) + shift(name), rng.normal(size=(images, 4)) + shift(name), ["nv"] * images)
    return emb, artifact, _negatives(str(emb), rng)


def test_a_left_out_source_that_looks_like_dermoscopy_is_the_worst_unit(tmp_path):
    rng = np.random.default_rng(3)
    emb, artifact, labels = _study_folder(tmp_path, rng, 30)

    rc = main(["generalisation", "--embeddings", str(emb), "--labels", labels, "--artifact", str(artifact),
               "--l2", "1,3", "--out", str(tmp_path / "out.json")])

    assert rc == 0
    figures = json.loads((tmp_path / "out.json").read_text())
    for l2 in ("1.0", "3.0"):
        units = figures[l2]["units"]
        assert set(units) == {"skimage:far.png", "skimage:lookalike.jpg", "synthetic:noise"}
        assert units["skimage:far.png"]["refused"] >= 0.8 and units["synthetic:noise"]["refused"] >= 0.8
        assert units["skimage:lookalike.jpg"]["refused"] < 0.5
        assert figures[l2]["worst"]["unit"] == "skimage:lookalike.jpg"

    # Fitted with its own variants, the head does refuse the look-alike: only leaving it out shows the blind spot.
    d, bases = str(emb), nuisance_bases(str(artifact))
    fit_pos = [read_set(d, n) for n in FIT_POSITIVE]
    negatives = read_set(d, "neg-fit")
    head = fit_variant_on("projected+early", fit_pos, negatives, bases, 1.0)
    threshold, _ = development_threshold(head, "projected+early", {n: read_set(d, n) for n in DEV_POSITIVE}, bases, 0.99,
                                         per_source=True)
    scores = head.score(features("projected+early", negatives.embedding[10:20], negatives.early[10:20], bases))
    assert np.mean(scores < threshold) >= 0.9


def test_a_clinic_unlike_the_others_is_accepted_less_when_the_head_never_saw_it(tmp_path):
    rng = np.random.default_rng(5)
    # The archive's images sit between dermoscopy and the negatives; the other clinics' overlap each other.
    emb, artifact, labels = _study_folder(tmp_path, rng, 40, shift=lambda name: 0.5 if name.startswith("archive") else 3.0)

    rc = main(["clinics", "--embeddings", str(emb), "--labels", labels, "--artifact", str(artifact),
               "--acceptances", "0.9,1.0", "--out", str(tmp_path / "out.json")])

    assert rc == 0
    figures = json.loads((tmp_path / "out.json").read_text())
    assert set(figures["clinics"]) == {"ham10000", "isic2017", "isic-archive-extra"}
    archive = figures["clinics"]["isic-archive-extra"]
    isic = figures["clinics"]["isic2017"]
    assert archive["0.9"]["accepted"]["archive-validation"] < isic["0.9"]["accepted"]["isic2017-validation"]
    # A stricter target lowers the threshold, so the left-out clinic is accepted at least as often.
    assert archive["1.0"]["threshold"] <= archive["0.9"]["threshold"]
    assert archive["1.0"]["accepted"]["archive-validation"] >= archive["0.9"]["accepted"]["archive-validation"]
    assert set(figures["negatives"]) == {"0.9", "1.0"} and 0 <= figures["negatives"]["0.9"]["mean"] <= 1


def test_each_clinic_is_left_out_of_the_fit_and_of_the_threshold(tmp_path, monkeypatch):
    from skinlesion import screening_generalisation as g

    rng = np.random.default_rng(6)
    bases = {"embedding": np.zeros((0, 6)), "early": np.zeros((0, 4))}
    sets = {}
    for name in FIT_POSITIVE + DEV_POSITIVE + ("neg",):
        _write_set(str(tmp_path), name, rng.normal(size=(20, 6)), rng.normal(size=(20, 4)), ["nv"] * 20)
        sets[name] = read_set(str(tmp_path), name)
    fitted, thresholded = [], []
    real_fit, real_threshold = g.fit_variant_on, g.development_threshold
    monkeypatch.setattr(g, "fit_variant_on", lambda v, pos, neg, b, l2: fitted.append({s.name for s in pos}) or real_fit(v, pos, neg, b, l2))
    monkeypatch.setattr(g, "development_threshold", lambda h, v, dev, b, a, per_source: thresholded.append(set(dev)) or real_threshold(h, v, dev, b, a, per_source))

    result = g.leave_one_clinic_out("embedding", {n: sets[n] for n in FIT_POSITIVE}, sets["neg"], {n: sets[n] for n in DEV_POSITIVE}, bases, 1.0, [0.99])

    assert fitted == [set(FIT_POSITIVE) - set(fits) for fits, _ in g.CLINICS.values()]
    assert thresholded == [set(DEV_POSITIVE) - set(devs) for _, devs in g.CLINICS.values()]
    assert set(result["isic2017"]["0.99"]["accepted"]) == {"isic2017-trainval", "isic2017-validation"}


def test_the_clinics_cover_every_fitting_and_development_dermoscopy_set_once():
    from skinlesion.screening_generalisation import CLINICS

    fits = [n for fit, _ in CLINICS.values() for n in fit]
    devs = [n for _, dev in CLINICS.values() for n in dev]
    assert sorted(fits) == sorted(FIT_POSITIVE)
    assert sorted(devs) == sorted(DEV_POSITIVE)


def _margins(*units):
    """left_out_margins' shape from lists of margins (none featureless)."""
    return {f"u{i}": (np.array(m, dtype=float), np.zeros(len(m), dtype=bool)) for i, m in enumerate(units)}


def test_the_site_floor_goes_down_as_far_as_left_out_refusal_stays_at_ninety_percent():
    # Ten negatives per source; at the served threshold (offset 0) both refuse all ten.
    margins = _margins([-9, -8, -7, -6, -5, -4, -3, -2, -1.5, -0.5], [-20] * 9 + [-1])

    result = site_threshold_floor(margins, served_threshold=4.0)

    # A negative is refused when its margin is below the offset. At -1: source 0 lets -0.5 through (0.9 refused), source 1
    # lets -1 through (0.9); mean 0.9. At -1.5, the next margin down: 0.8 and 0.9, mean 0.85, too low.
    assert result["offset"] == -1.0 and result["floor"] == 3.0
    assert result["leftOutRefused"] == {"atServed": 1.0, "atFloor": 0.9}


def test_the_site_floor_is_the_served_threshold_when_the_served_one_already_misses_ninety_percent():
    margins = _margins([-3, -2, 0.5, 1, 2], [-4, 3, 4, 5, 6])

    result = site_threshold_floor(margins, served_threshold=3.8)

    assert result["floor"] == 3.8 and result["offset"] == 0.0


def test_a_featureless_negative_stays_refused_at_any_offset():
    # The negative at -5 is featureless: refused however far the threshold goes down, so half stays refused.
    margins = {"u0": (np.array([-5.0, -1.0]), np.array([True, False]))}

    assert site_threshold_floor(margins, 1.0, refused=0.5)["offset"] == -5.0
    assert site_threshold_floor(margins, 1.0, refused=0.6)["offset"] == 0.0      # the other must be refused too


def test_the_site_threshold_accepts_ninety_nine_percent_within_the_floor_and_the_served_threshold():
    scores = np.arange(200, dtype=float)           # 0..199: floor(0.01 x 200) = 2 may be refused, so 2.0
    none = np.zeros(200, dtype=bool)

    assert site_threshold(scores, none, served=150.0, floor=-10.0) == 2.0
    assert site_threshold(scores, none, served=1.0, floor=-10.0) == 1.0          # never above the served threshold
    assert site_threshold(scores, none, served=150.0, floor=5.0) == 5.0          # never below the floor
    flat = none.copy()
    flat[:100] = True                              # the texture floor's refusals are not the head's to accept
    assert site_threshold(scores, flat, served=150.0, floor=-10.0) == 101.0


def test_a_site_threshold_brings_back_the_clinic_the_head_never_saw(tmp_path):
    rng = np.random.default_rng(5)
    emb, artifact, labels = _study_folder(tmp_path, rng, 40, shift=lambda name: 0.5 if name.startswith("archive") else 3.0)
    # Negatives that every refit refuses well, so that a floor below the served threshold exists.
    shutil.rmtree(emb / "neg-fit")
    _write_set(str(emb), "neg-fit", rng.normal(size=(30, 6)) - 4, rng.normal(size=(30, 4)) - 4, ["photo"] * 30)
    _write_set(str(emb), "neg-dev", rng.normal(size=(30, 6)) - 4, rng.normal(size=(30, 4)) - 4, ["photo"] * 30)

    rc = main(["sites", "--embeddings", str(emb), "--labels", labels, "--artifact", str(artifact), "--out", str(tmp_path / "out.json")])

    assert rc == 0
    figures = json.loads((tmp_path / "out.json").read_text())
    assert set(figures) == {"ham10000", "isic2017", "isic-archive-extra"}
    archive = figures["isic-archive-extra"]
    assert archive["floor"] <= archive["served"] and archive["developmentNegativesRefused"]["all"] >= 0.97
    for half in archive["sets"]["archive-validation"]:
        assert archive["floor"] <= half["siteThreshold"] <= archive["served"] and half["images"] == 20
        assert half["acceptedAtSite"] >= half["acceptedAtServed"]
    assert any(h["acceptedAtSite"] > h["acceptedAtServed"] for h in archive["sets"]["archive-validation"])


def test_the_floor_rises_until_the_development_negatives_are_refused_as_the_issue_asks():
    floor = {"floor": -5.0, "offset": -9.0, "rule": "left-out", "leftOutRefused": {}}
    # 50 photos scoring -9..0 and 50 medical images scoring -1..-0.1; the served threshold 4.
    scores = np.r_[np.linspace(-9, 0, 50), np.linspace(-1, -0.1, 50)]
    groups = np.array(["photo"] * 50 + ["medical"] * 50)

    raised = raise_floor_for_development_negatives(floor, scores, np.zeros(100, dtype=bool), groups, served_threshold=4.0)

    # 97% overall lets 3 of 100 through (each group's 90% would let 5): the floor sits just above the fourth highest score.
    t = raised["floor"]
    assert np.sum(scores >= t) == 3 and t == np.nextafter(np.sort(scores)[-4], np.inf)
    assert raised["raisedFrom"] == -5.0 and raised["offset"] == t - 4.0
    assert raised["developmentNegativesRefused"]["all"] == 0.97
    assert "development negatives" in raised["rule"]


def test_the_floor_stays_where_the_development_negatives_are_already_refused():
    floor = {"floor": -5.0, "offset": -9.0, "rule": "left-out", "leftOutRefused": {}}

    raised = raise_floor_for_development_negatives(floor, np.full(10, -20.0), np.zeros(10, dtype=bool), np.array(["photo"] * 10), 4.0)

    assert raised["floor"] == -5.0 and raised["developmentNegativesRefused"] == {"all": 1.0, "photo": 1.0}


def test_site_halves_keep_each_lesion_on_one_side():
    import numpy as np

    from skinlesion.screening_generalisation import halves_by_lesion

    rows = [{"image_id": f"I{i}"} for i in range(40)]
    lesion_of = {f"I{i}": f"L{i // 4}" for i in range(40)}  # ten lesions of four images each
    first = halves_by_lesion(rows, lesion_of, np.random.default_rng(0))
    assert first.sum() == 20
    for lesion in range(10):
        assert len({bool(first[i]) for i in range(lesion * 4, lesion * 4 + 4)}) == 1
    other = halves_by_lesion([{"image_id": "X"}, {"image_id": "Y"}], {}, np.random.default_rng(0))
    assert other.sum() == 1  # images of other sources are lesions of their own
