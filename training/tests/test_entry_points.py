"""The scripts in training/ are thin entry points: each answers --help and hands over to a skinlesion module."""
import glob
import os
import subprocess
import sys

import pytest
from conftest import HERE

TRAINING = os.path.dirname(HERE)
SCRIPTS = sorted(os.path.basename(p) for p in glob.glob(os.path.join(TRAINING, "*.py")))


def test_every_script_is_listed():
    assert SCRIPTS == ["acquisition.py", "clinical.py", "duplicates.py", "early_statistics.py", "negatives.py", "ood.py", "quantize.py", "release_gate.py", "rerun_evaluations.py", "screening_head.py", "segment.py", "stress.py", "train.py", "upscale.py"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_script_answers_help_and_holds_no_logic(script):
    path = os.path.join(TRAINING, script)
    result = subprocess.run([sys.executable, path, "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: ")
    with open(path) as f:
        source = f.read()
    assert "from skinlesion." in source and source.count("\ndef ") == 0 and len(source.splitlines()) <= 15


SHELL_SCRIPTS = sorted(os.path.basename(p) for p in glob.glob(os.path.join(TRAINING, "*.sh")) if not p.endswith("screening-embed.sh"))


def test_every_shell_script_is_listed():
    # screening-embed.sh is sourced by two of these, never run alone.
    assert SHELL_SCRIPTS == ["fit-ood.sh", "fit-screening.sh", "screening-precheck.sh", "screening-study.sh", "stress-evaluate.sh"]


@pytest.mark.parametrize("script", SHELL_SCRIPTS)
def test_shell_script_answers_help_before_doing_anything(script, tmp_path):
    # Each runs minutes of scoring and writes outputs: --help must print its header and stop, from any folder.
    result = subprocess.run(["bash", os.path.join(TRAINING, script), "--help"], capture_output=True, text=True, timeout=20, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) >= 3 and not result.stdout.startswith("#")
    assert list(tmp_path.iterdir()) == []
