"""The release gate (skinlesion/release_gate.py, ADR 0031): a candidate ships only if it fails no bar the shipped model meets."""
import json
import os
import subprocess

from skinlesion.release_gate import BARS, Reports, gate, main


def _write(root, name, report):
    folder = os.path.join(root, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "report.json"), "w") as f:
        json.dump(report, f)


def _v(x):
    return {"value": x}


def write_reports(root, isic2017_accepted=0.992, grid_auc=0.88, photo_refused=0.94, ham_balanced=0.75, ece=0.029,
                  ham_specificity=0.659, sha="a"):
    """Every report the bars read, with the shipped 2.1.0's kind of figures unless given; `sha` names the model."""
    accepted = lambda a: {"rates": {"accepted": _v(a), "rejected": _v(1 - a)}}  # noqa: E731
    _write(root, "ham10000-test", {"model": {"sha256": sha * 64},
                                   "rates": {"balancedAccuracy": _v(ham_balanced), "macroAuc": _v(0.959), "malignantAuc": _v(0.913),
                                             "malignantSensitivity": _v(0.948), "malignantSpecificity": _v(ham_specificity), "ece15": _v(ece)},
                                   "assessment": {**accepted(0.998), "screening": {"outOfDistribution": "m-ood.json 2.1.1", "headThreshold": 3.8}}})
    _write(root, "isic2017-test", {"rates": {"melanomaAuc": _v(0.829), "melanomaSensitivityAtThreshold": _v(0.812),
                                             "nonMelanomaSpecificityAtThreshold": _v(0.582)}, "assessment": accepted(isic2017_accepted)})
    _write(root, "isic2016-test", {"rates": {"melanomaAuc": _v(0.818)}, "assessment": accepted(1.0)})
    for name, auc in (("plain", 0.89), ("grid", grid_auc), ("blur", 0.885)):
        _write(root, f"stress/{name}", {"rates": {"malignantAuc": _v(auc)}, "assessment": accepted(0.998)})
    _write(root, "negatives", {"assessment": {"rates": {"rejected": _v(0.99)},
                                              "groups": [{"name": "photo", "rates": {"rejected": photo_refused}},
                                                         {"name": "text", "rates": {"rejected": 1.0}}]}})


def _verdicts(rows):
    return {name: verdict for name, _, _, verdict in rows}


def test_a_candidate_that_falls_below_a_bar_the_shipped_model_meets_fails(tmp_path):
    write_reports(str(tmp_path / "shipped"))
    write_reports(str(tmp_path / "candidate"), isic2017_accepted=0.987, grid_auc=0.8599, sha="b")

    passes, rows = gate(Reports(str(tmp_path / "candidate")), Reports(str(tmp_path / "shipped")))

    assert not passes
    verdicts = _verdicts(rows)
    assert verdicts["ISIC 2017 test accepted >= 0.99"] == "REGRESSION"
    # 0.89 - 0.8599 = 0.0301: over the bar, as the shipped model's 0.01 is not.
    assert verdicts["stress set: every rendering's malignant AUC within 0.03 of plain"] == "REGRESSION"


def test_bars_both_miss_do_not_stop_a_candidate_and_a_newly_met_bar_is_named(tmp_path):
    write_reports(str(tmp_path / "shipped"), grid_auc=0.84)
    write_reports(str(tmp_path / "candidate"), grid_auc=0.87, ham_balanced=0.76, sha="b")

    passes, rows = gate(Reports(str(tmp_path / "candidate")), Reports(str(tmp_path / "shipped")))

    assert passes
    verdicts = _verdicts(rows)
    assert verdicts["HAM10000 test balanced accuracy >= 0.78"] == "not met (nor before)"
    assert verdicts["stress set: every rendering's malignant AUC within 0.03 of plain"] == "newly met"
    assert len(rows) == len(BARS)


def test_the_lowest_negative_group_is_a_bar_of_its_own(tmp_path):
    write_reports(str(tmp_path / "shipped"))
    write_reports(str(tmp_path / "candidate"), photo_refused=0.89, sha="b")

    passes, rows = gate(Reports(str(tmp_path / "candidate")), Reports(str(tmp_path / "shipped")))

    assert not passes
    row = next(r for r in rows if r[0] == "negatives: every group refused >= 0.9")
    assert row[2].text == "lowest 0.8900 (photo)" and row[3] == "REGRESSION"


def test_the_shipped_reports_are_read_from_a_git_revision_and_the_exit_code_says_the_verdict(tmp_path, monkeypatch, capsys):
    repo = tmp_path / "repo"
    evaluation = repo / "models" / "evaluation"
    write_reports(str(evaluation))
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "shipped"], check=True)
    write_reports(str(evaluation), isic2017_accepted=0.975, sha="b")  # the candidate's re-run, not committed
    monkeypatch.chdir(repo)

    assert Reports("models/evaluation", revision="HEAD").stress_renderings() == ["blur", "grid", "plain"]
    assert main([]) == 1
    out = capsys.readouterr().out
    assert "| ISIC 2017 test accepted >= 0.99 | 0.9920 | 0.9750 (not met) | REGRESSION |" in out
    assert "release gate: FAIL" in out


def test_a_rising_ece_and_one_side_of_a_paired_bar_are_regressions(tmp_path):
    write_reports(str(tmp_path / "shipped"), ham_specificity=0.76)
    write_reports(str(tmp_path / "candidate"), ece=0.041, ham_specificity=0.74, sha="b")

    passes, rows = gate(Reports(str(tmp_path / "candidate")), Reports(str(tmp_path / "shipped")))

    verdicts = _verdicts(rows)
    assert not passes
    assert verdicts["HAM10000 test ECE <= 0.04"] == "REGRESSION"
    assert verdicts["HAM10000 test sensitivity / specificity >= 0.88 with >= 0.75"] == "REGRESSION"


def test_reports_of_the_shipped_model_itself_or_missing_ones_are_a_usage_error(tmp_path, capsys):
    write_reports(str(tmp_path / "shipped"))
    write_reports(str(tmp_path / "same"))

    same = main(["--candidate", str(tmp_path / "same"), "--shipped", str(tmp_path / "shipped")])
    missing = main(["--candidate", str(tmp_path / "absent"), "--shipped", str(tmp_path / "shipped")])

    assert same == 2 and missing == 2
    err = capsys.readouterr().err
    assert "are reports of the same model and screening" in err
    assert "cannot read the reports" in err and "absent" in err
