"""skinlesion/manifest.py records how a model was made: the command as given, and every split file that chose its images."""
import os
from types import SimpleNamespace

import pytest

from skinlesion import data, manifest, sources
from skinlesion.pipeline_arguments import REPOSITORY, parse_args

SPLITS = os.path.join(REPOSITORY, "training", "splits")
COMMON = ["--data", "/somewhere/shared/data/ham10000", "--weights", "/somewhere/shared/weights/mobilenet_v2_1.0_224_quant.tflite",
          "--out", os.path.join(REPOSITORY, "models")]


def test_the_recorded_command_is_every_option_given_and_no_folder_of_the_machine(tmp_path):
    teacher = tmp_path / "teacher.onnx"
    teacher.write_bytes(b"graph")
    args = parse_args(COMMON + ["--external", "/somewhere/shared/data", "--sources", "/somewhere/shared/data", "--source-repeat", "2",
                                "--plate-grid", "--grid-probability", "0.25", "--washed-out-colour", "--epochs", "35",
                                "--distill-from", str(teacher), "--distill-mode", "consistent",
                                "--distill-teacher-view", "unoccluded", "--work", os.path.join(REPOSITORY, ".carry", "work")])
    assert args.recorded_command == (
        "python3 training/train.py --data <ham10000> --weights <mobilenet_v2_1.0_224_quant.tflite> --out models "
        "--external <data> --sources <data> --source-repeat 2 --plate-grid --grid-probability 0.25 --washed-out-colour "
        "--work .carry/work --epochs 35 --distill-from <teacher.onnx> --distill-mode consistent --distill-teacher-view unoccluded")
    args.epochs = 1  # --quick rewrites options after parsing; the record keeps what was asked
    assert "--epochs 35" in manifest.training_section(args, [], *stubs())["command"]


def test_the_recorded_command_leaves_out_defaults():
    assert parse_args(COMMON).recorded_command == \
        "python3 training/train.py --data <ham10000> --weights <mobilenet_v2_1.0_224_quant.tflite> --out models"
    assert "--keep-near-duplicates" in parse_args(COMMON + ["--sources", "x", "--keep-near-duplicates"]).recorded_command


def stubs():
    members = SimpleNamespace(configs={}, info=[])
    choice = SimpleNamespace(per_view_ms={1: 10.0}, candidates=[], chosen={})
    export = SimpleNamespace(differences={}, check_images=0, latency={})
    return members, choice, export, {}


def test_every_split_file_of_the_run_is_recorded_by_digest():
    args = parse_args(COMMON + ["--sources", "x"])
    files = manifest.source_split_files(args)
    assert [f["name"] for f in files["sourceSplits"]] == [s.name for s in sources.SOURCES]
    for f, source in zip(files["sourceSplits"], sources.SOURCES):
        assert f["file"] == f"training/splits/{source.name}.csv"
        assert f["sha256"] == data.sha256(sources.split_path(SPLITS, source))
    assert files["nearDuplicates"] == {"file": "training/splits/near-duplicates.csv",
                                       "sha256": data.sha256(os.path.join(SPLITS, "near-duplicates.csv"))}
    assert "nearDuplicates" not in manifest.source_split_files(parse_args(COMMON + ["--sources", "x", "--keep-near-duplicates"]))
    assert manifest.source_split_files(parse_args(COMMON)) == {}


def test_the_training_section_says_whether_near_duplicates_were_left_out():
    section = manifest.training_section(parse_args(COMMON + ["--sources", "x"]), [], *stubs())["nearDuplicates"]
    assert section["leftOut"] is True
    left = sources.left_out_by_near_duplicates(SPLITS, os.path.join(SPLITS, "ham10000.csv"))
    assert section["images"] == left and left["isic2017-train"]
    kept = manifest.training_section(parse_args(COMMON + ["--sources", "x", "--keep-near-duplicates"]), [], *stubs())
    assert kept["nearDuplicates"]["leftOut"] is False
    assert "nearDuplicates" not in manifest.training_section(parse_args(COMMON), [], *stubs())


def test_keeping_near_duplicates_needs_the_sources():
    with pytest.raises(SystemExit, match="--keep-near-duplicates"):
        parse_args(COMMON + ["--keep-near-duplicates"])
