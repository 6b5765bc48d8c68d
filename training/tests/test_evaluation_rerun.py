import json
import os

from skinlesion.evaluation_rerun import CLI, STRESS_COMMAND, main, plan


def _write(path, content):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(content, f)


def _tree(root):
    _write(os.path.join(root, "set-b", "report.json"), {"arguments": ["--images", "imgs/b", "--labels", "imgs/b.csv", "--title", "B b", "--out", "x/set-b"]})
    _write(os.path.join(root, "set-a", "report.json"), {"arguments": ["--images", "imgs/a", "--out", "x/set-a"]})
    _write(os.path.join(root, "site", "profile.json"), {
        "kind": "skinlesion-site-profile",
        "command": "dotnet run --project src/SkinLesion.Cli -c Release -- calibrate --images imgs/a --site 'half a' --out x/site/profile.json"})
    _write(os.path.join(root, "site", "half-b", "report.json"), {"arguments": ["--images", "imgs/a", "--site-profile", "x/site/profile.json"]})
    _write(os.path.join(root, "stress", "grid", "report.json"), {"arguments": ["--images", ".data/stress/grid"]})
    _write(os.path.join(root, "clinical", "report.json"), {"study": "fusion"})


def test_profiles_come_first_then_every_report_as_recorded_then_the_stress_script(tmp_path):
    root = str(tmp_path / "evaluation")
    _tree(root)

    steps, not_rerun = plan(root)

    assert [s.name for s in steps] == [os.path.join("site", "profile.json"), os.path.join("set-a", "report.json"),
                                       os.path.join("set-b", "report.json"), os.path.join("site", "half-b", "report.json"),
                                       os.path.join("stress", "*")]
    assert steps[0].argv == CLI + ["calibrate", "--images", "imgs/a", "--site", "half a", "--out", "x/site/profile.json"]
    assert steps[2].argv == CLI + ["evaluate", "--images", "imgs/b", "--labels", "imgs/b.csv", "--title", "B b", "--out", "x/set-b"]
    assert steps[2].inputs == ("imgs/b", "imgs/b.csv")
    # the stress folder's reports are re-made by its own script, which also rewrites the summary table
    assert steps[-1].argv == STRESS_COMMAND and not any(".data/stress/grid" in s.argv for s in steps)
    assert not_rerun == ["clinical"]


def test_a_dry_run_prints_the_commands_and_names_what_is_missing_or_not_rerun(tmp_path, monkeypatch, capsys):
    root = str(tmp_path / "evaluation")
    _tree(root)
    monkeypatch.chdir(tmp_path)
    os.makedirs("imgs/a")

    rc = main(["--root", root, "--dry-run"])

    out = capsys.readouterr().out
    assert rc == 1                     # a skipped step is not a complete re-run
    assert "skipped set-b/report.json: imgs/b, imgs/b.csv missing" in out
    assert "== set-a/report.json: dotnet run --no-build" in out and "evaluate --images imgs/a --out x/set-a" in out
    assert "calibrate --images imgs/a --site 'half a'" in out
    assert "not re-run here: clinical" in out
    assert "4 run, 1 skipped, 0 failed (dry run)" in out


def test_only_filters_the_steps_and_an_empty_selection_is_refused(tmp_path, monkeypatch, capsys):
    root = str(tmp_path / "evaluation")
    _tree(root)
    monkeypatch.chdir(tmp_path)
    os.makedirs("imgs/a")

    assert main(["--root", root, "--dry-run", "--only", "set-a"]) == 0
    assert "1 run, 0 skipped" in capsys.readouterr().out
    assert main(["--root", root, "--dry-run", "--only", "nothing-like-this"]) == 2
