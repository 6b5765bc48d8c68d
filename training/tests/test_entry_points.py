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
