"""Re-runs every committed evaluation under models/evaluation with the command each one recorded.

A model or screening swap must re-run them all (docs/decisions/0026, 0030). Each report.json records the arguments
`evaluate` was given and each site profile the `calibrate` command that made it, so the recorded commands are the one
definition: nothing here repeats them. Order: site profiles first (an evaluation may read one), then every report, then
training/stress-evaluate.sh, which owns the stress folder (it renders the images when missing and rewrites the summary
table). Reports whose images are missing are skipped with the path to make them (the folder's README says how);
models/evaluation/clinical is a study of predictions (training/clinical.py), not an `evaluate` report, and is named
for the operator to re-run.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import shlex
import subprocess
import sys
from dataclasses import dataclass

CLI = ["dotnet", "run", "--no-build", "--project", "src/SkinLesion.Cli", "-c", "Release", "--"]
EVALUATION_ROOT = "models/evaluation"
STRESS_FOLDER = "stress"
STRESS_COMMAND = ["bash", "training/stress-evaluate.sh"]


@dataclass(frozen=True)
class Step:
    """One command to run, what it re-makes, and the inputs that must exist first."""
    name: str
    argv: list
    inputs: tuple


def _value_after(args: list, flag: str) -> str | None:
    return args[args.index(flag) + 1] if flag in args and args.index(flag) + 1 < len(args) else None


def _inputs(args: list) -> tuple:
    return tuple(v for v in (_value_after(args, "--images"), _value_after(args, "--labels")) if v is not None)


def _recorded_cli_args(command: str) -> list:
    """The CLI's own arguments in a recorded `dotnet run ... -- <command> <args>` line."""
    words = shlex.split(command)
    if "--" not in words:
        raise ValueError(f"not a recorded CLI command (no '--'): {command}")
    return words[words.index("--") + 1:]


def plan(root: str) -> tuple:
    """(steps, not_rerun): the steps in order, and the folders with results this tool does not re-make."""
    profiles, reports, not_rerun = [], [], []
    for path in sorted(glob.glob(os.path.join(root, "**", "profile.json"), recursive=True)):
        with open(path) as f:
            profile = json.load(f)
        if profile.get("kind") == "skinlesion-site-profile" and profile.get("command"):
            args = _recorded_cli_args(profile["command"])
            profiles.append(Step(os.path.relpath(path, root), CLI + args, _inputs(args)))
    stress = False
    for path in sorted(glob.glob(os.path.join(root, "**", "report.json"), recursive=True)):
        relative = os.path.relpath(path, root)
        if relative.split(os.sep)[0] == STRESS_FOLDER:
            stress = True
            continue
        with open(path) as f:
            report = json.load(f)
        args = report.get("arguments")
        if not isinstance(args, list):
            not_rerun.append(os.path.dirname(relative))
            continue
        reports.append(Step(relative, CLI + ["evaluate", *args], _inputs(args)))
    steps = profiles + reports
    if stress:
        steps.append(Step(os.path.join(STRESS_FOLDER, "*"), STRESS_COMMAND, ()))
    return steps, not_rerun


def main(argv: list | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--root", default=EVALUATION_ROOT, help="the committed evaluations (default: %(default)s)")
    p.add_argument("--only", help="run only the steps whose name contains this text")
    p.add_argument("--dry-run", action="store_true", help="print the commands without running them")
    args = p.parse_args(argv)

    steps, not_rerun = plan(args.root)
    if args.only:
        steps = [s for s in steps if args.only in s.name]
    if not steps:
        print(f"nothing to run under {args.root}" + (f" matching '{args.only}'" if args.only else ""), file=sys.stderr)
        return 2
    if not args.dry_run and any(s.argv[:len(CLI)] == CLI for s in steps):
        subprocess.run(["dotnet", "build", "src/SkinLesion.Cli", "-c", "Release", "-v", "q"], check=True)
    skipped, failed = [], []
    for step in steps:
        missing = [i for i in step.inputs if not os.path.exists(i)]
        if missing:
            skipped.append(step.name)
            print(f"skipped {step.name}: {', '.join(missing)} missing (its folder's README says how to make it)", flush=True)
            continue
        print(f"== {step.name}: {shlex.join(step.argv)}", flush=True)
        if not args.dry_run and subprocess.run(step.argv).returncode != 0:
            failed.append(step.name)
    for folder in not_rerun:
        print(f"not re-run here: {folder} (no recorded evaluate arguments; its README gives the command)")
    print(f"{len(steps) - len(skipped) - len(failed)} run, {len(skipped)} skipped, {len(failed)} failed"
          + (" (dry run)" if args.dry_run else ""))
    return 1 if failed or skipped else 0


if __name__ == "__main__":
    sys.exit(main())
