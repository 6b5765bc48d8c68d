"""train.py's command line: the options, the recipes they name, and the combinations refused before anything runs."""
from __future__ import annotations

import argparse
import os
import re
import shlex

import torch

from . import mobilenet
from .selection import VIEW_COUNTS
from .trainer import TEACHER_VIEWS

# Candidate recipes; which members ship is decided on validation. A: plain cross-entropy, as in the
# orientation notes. B: a lower learning rate and sqrt-inverse-frequency class weights, for the
# rare classes that balanced accuracy weighs as much as nevi.
RECIPES = {"A": {}, "B": {"lr": 5e-4, "class_weight_power": 0.5}}
# training/, which holds the committed split and the default scratch folder.
TRAINING_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPOSITORY = os.path.dirname(TRAINING_DIR)
# The options that name files or folders: the recorded command shows them without the machine's own folders.
PATH_OPTIONS = {"data", "weights", "out", "external", "split", "sources", "source_splits", "work", "check_images", "checkpoints",
                "distill_from"}


def build_parser(description: str | None = None) -> argparse.ArgumentParser:
    """train.py's options (`description`: the --help text above them)."""
    p = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="HAM10000 folder (images.tar.gz, HAM10000_metadata.csv)")
    p.add_argument("--weights", required=True, help="ImageNet MobileNetV2 .tflite to start from")
    p.add_argument("--out", help="folder for the shipped artifacts (models/); not needed with --train-only or "
                   "--teacher-only, which export nothing")
    p.add_argument("--external", default=None, help="folder holding isic2016-test/, isic2017-test/, isic2017-validation/ (optional)")
    p.add_argument("--split", default=os.path.join(TRAINING_DIR, "splits", "ham10000.csv"), help="the committed split file")
    p.add_argument("--create-split", action="store_true",
                   help="make --split (by lesion_id) when it does not exist; without this a missing file stops the run")
    p.add_argument("--sources", default=None,
                   help="folder holding the extra training sources (isic2017-train/, isic-archive-extra/: images.tar.gz, labels.csv); "
                        "their committed splits add training and validation images (optional)")
    p.add_argument("--source-splits", default=os.path.join(TRAINING_DIR, "splits"), help="folder of the sources' split files")
    p.add_argument("--keep-near-duplicates", action="store_true",
                   help="train and choose on every image of the committed source splits, as model 2.2.0 did; by default the "
                        "source images that near-duplicates.csv in --source-splits twins with an evaluation image are left "
                        "out, and so are the validation images twinned with a training image (ADR 0052)")
    p.add_argument("--source-repeat", type=int, default=1,
                   help="each extra source's training images appear this many times per epoch (oversampling the few other-clinic "
                        "images against HAM10000's two sites); validation is never repeated")
    p.add_argument("--no-acquisition", action="store_true", help="train without the acquisition augmentations (model 1's recipe)")
    p.add_argument("--plate-grid", action="store_true",
                   help="draw the acquisition augmentation's measuring grid as a contact plate prints it: square in the "
                        "camera's 4:3 frame (so its rows lie 4/3 as far apart as its columns in the square network input), "
                        "tilted up to 10 degrees, 6..36 px pitch, major lines (ADR 0032); default: 2.1.0's axis-aligned lines")
    p.add_argument("--grid-probability", type=float, default=None, metavar="P",
                   help="share of training images that get the measuring grid, 0..1 (default: the acquisition "
                        "augmentation's own, 0.1)")
    p.add_argument("--camera-changes", action="store_true",
                   help="add the camera's own changes to the acquisition augmentation: magnification (the middle "
                        "enlarged 1.15..1.8x), exposure (-1.25..+1 stop), sensor noise and sharpening up to amount 2.5 "
                        "at radius 0.7..1.6 px (ADR 0047); the unoccluded teacher is shown the picture without the first three")
    p.add_argument("--washed-out-colour", action="store_true",
                   help="add washed-out colour to the acquisition augmentation: a fifth of the images keep 15..70%% of "
                        "their chroma around their luminance (ADR 0050); the unoccluded teacher is shown the picture without it")
    p.add_argument("--colour-constancy", action="store_true",
                   help="Shades of Gray colour constancy at the network's input, in training and inside the exported graph")
    p.add_argument("--work", default=os.path.join(TRAINING_DIR, ".work"), help="scratch folder for checkpoints and logs")
    p.add_argument("--check-images", default="/usr/lib/python3/dist-packages/skimage/data",
                   help="folder with chelsea.png and coffee.png for the ImageNet conversion check")
    p.add_argument("--recipes", default="A,B", help=f"training recipes, comma-separated, from {sorted(RECIPES)}")
    p.add_argument("--members-per-recipe", type=int, default=3, help="members trained per recipe (the shipped ensemble is chosen on validation)")
    p.add_argument("--max-members", type=int, default=3, help="largest shipped ensemble (each member adds ~4.5 MB)")
    p.add_argument("--network-size", type=int, default=mobilenet.NETWORK_SIZE,
                   help="side of the square network input the 200x150 image is resized to inside the graph (default 224, "
                        "the ImageNet weights' size; smaller costs less: MobileNetV2's work grows with the pixel count)")
    p.add_argument("--epochs", type=int, default=40)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--seed", type=int, default=0, help="seed of the first member; member i uses seed + i")
    p.add_argument("--latency-budget-ms", type=float, default=57.0,
                   help="median ms per image (onnxruntime, 2 CPU threads) the shipped ensemble x views may cost")
    p.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples for 95%% intervals")
    p.add_argument("--checkpoints", default=None, help="reuse the member checkpoints (member<i>.pt) found in this folder; train the rest")
    p.add_argument("--train-only", default=None, metavar="I,J,...",
                   help="train only these members (into --work), then stop: spreads one pool over several device calls "
                        "(the last call passes --checkpoints with the same folder)")
    p.add_argument("--workers", type=int, default=3 if torch.cuda.is_available() else 1,
                   help="members trained at once, in separate processes on the one GPU (default 3 with CUDA, else 1)")
    p.add_argument("--distill-from", default=None, metavar="GRAPH.onnx",
                   help="distil a deployed graph (its 'logits' output on each un-augmented training image) into the members "
                        "trained here (knowledge distillation; see --distill-weight)")
    p.add_argument("--distill-mode", choices=("fixed", "consistent"), default="fixed",
                   help="fixed: the teacher's logits of each un-augmented training image, computed once; consistent: the "
                        "teacher (rebuilt in PyTorch from the graph, checked against onnxruntime first) sees every augmented "
                        "and mixed batch the student sees, at --distill-size, on the GPU")
    p.add_argument("--distill-size", type=int, default=224,
                   help="with --distill-mode consistent: the side the teacher's members run at (the graph's network size)")
    p.add_argument("--distill-weight", type=float, default=0.7, help="weight of the distillation term against cross-entropy")
    p.add_argument("--distill-temperature", type=float, default=2.0, help="temperature of the distillation term")
    p.add_argument("--distill-embedding", type=float, default=0.0, metavar="W",
                   help="with --distill-mode consistent: weight of an added term pulling the student's pooled features "
                        "to the teacher's embedding output (squared error relative to its mean square), so the "
                        "screening's space is kept; 0 (default) leaves it out")
    p.add_argument("--distill-teacher-view", choices=TEACHER_VIEWS, default="same",
                   help="with --distill-mode consistent: same (default) shows the teacher the student's batch; clean shows it "
                        "the same crops and mixing without the acquisition renderings and colour jitter; unoccluded shows it "
                        "the student's batch without hair, grid and frame (light and colour kept; with --camera-changes also without "
                        "magnification, exposure and sensor noise, with --washed-out-colour without washed-out colour), "
                        "so the student learns to "
                        "answer through what hides the lesion as the teacher answers without it (ADR 0029)")
    p.add_argument("--teacher-only", action="store_true",
                   help="with --distill-from: compute the teacher's logits into --work (where later runs reuse them), then "
                        "stop; a device call of its own, so the training calls fit in their time limit")
    p.add_argument("--max-views", type=int, default=max(VIEW_COUNTS), choices=VIEW_COUNTS,
                   help="most test-time views the shipped graph may have (1: the cheapest graph per member)")
    p.add_argument("--quick", action="store_true", help="smoke run: tiny subsets, 1 epoch (numbers meaningless)")
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    return p


def parse_args(argv=None, description: str | None = None) -> argparse.Namespace:
    """train.py's arguments, refused at once when they cannot go together; `recorded_command` is the command line the
    manifest records, taken before anything (--quick) rewrites the options."""
    p = build_parser(description)
    args = p.parse_args(argv)
    if not args.out and not (args.train_only or args.teacher_only):
        raise SystemExit("--out is required: it receives the shipped artifacts (only --train-only and --teacher-only "
                         "runs export nothing)")
    if args.teacher_only and not args.distill_from:
        raise SystemExit("--teacher-only needs --distill-from")
    if args.distill_embedding and not (args.distill_from and args.distill_mode == "consistent"):
        raise SystemExit("--distill-embedding needs --distill-from with --distill-mode consistent")
    if args.plate_grid and args.no_acquisition:
        raise SystemExit("--plate-grid draws the acquisition augmentation's grid, which --no-acquisition turns off: give one of them")
    if args.grid_probability is not None and not 0.0 <= args.grid_probability <= 1.0:
        raise SystemExit(f"--grid-probability must lie in 0..1, not {args.grid_probability}")
    if args.grid_probability == 0.0 and args.plate_grid:
        raise SystemExit("--grid-probability 0 draws no grid, so --plate-grid would change nothing: give one of them")
    if args.camera_changes and args.no_acquisition:
        raise SystemExit("--camera-changes adds to the acquisition augmentation, which --no-acquisition turns off: give one of them")
    if args.washed_out_colour and args.no_acquisition:
        raise SystemExit("--washed-out-colour adds to the acquisition augmentation, which --no-acquisition turns off: give one of them")
    if args.grid_probability is not None and args.no_acquisition:
        raise SystemExit("--grid-probability sets the acquisition augmentation's grid, which --no-acquisition turns off: give one of them")
    if args.distill_teacher_view != "same" and not (args.distill_from and args.distill_mode == "consistent"):
        raise SystemExit(f"--distill-teacher-view {args.distill_teacher_view} needs --distill-from with --distill-mode consistent")
    if args.keep_near_duplicates and not args.sources:
        raise SystemExit("--keep-near-duplicates concerns the extra sources' images, which only --sources adds: give both or neither")
    args.recorded_command = command_line(args, p)
    return args


def shown_path(path: str) -> str:
    """A path as the manifest records it: relative to the repository when inside it, else <its last name>, so that
    no machine's folders are written into a shipped file."""
    full = os.path.abspath(path)
    if os.path.commonpath([full, REPOSITORY]) == REPOSITORY:
        return os.path.relpath(full, REPOSITORY).replace(os.sep, "/")
    return f"<{os.path.basename(os.path.normpath(full))}>"


def command_line(args: argparse.Namespace, parser: argparse.ArgumentParser | None = None) -> str:
    """The train.py command that gives these arguments: every option that differs from its default, in --help order."""
    parser = parser or build_parser()
    words = ["python3", "training/train.py"]
    for action in parser._actions:
        value = getattr(args, action.dest, action.default)
        if not action.option_strings or action.dest == "help" or value == action.default:
            continue
        words.append(max(action.option_strings, key=len))
        if action.nargs == 0:  # store_true: the flag alone says it
            continue
        text = shown_path(value) if action.dest in PATH_OPTIONS else str(value)
        words.append(text if re.fullmatch(r"<[^<>]*>", text) else shlex.quote(text))
    return " ".join(words)
