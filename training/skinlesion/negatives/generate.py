"""Plans every requested group, renders its images in a thread pool and writes them with labels.csv."""

import argparse
import csv
import os
import re
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from . import __doc__ as DESCRIPTION
from .common import (DEFAULT_BACKGROUNDS, DEFAULT_FONTS, FIT_ONLY, FIT_ONLY_WHY, GROUPS, MAX_BYTES, MAX_SIDE,
                     MIN_SIDE, REPORT_ONLY, default_skimage_data, group_rng, groups_of, save_bytes)
from .gradient import plan_gradient
from .photo_extra import plan_photo_extra
from .micrograph import plan_micrograph
from .noise import plan_noise
from .partition import PARTITIONS, source_prefix
from .photo import plan_medical, plan_photo
from .screenshot import plan_screenshot
from .solid import plan_solid
from .text import plan_text
from .unseen import DEFAULT_MPL_DATA, plan_unseen_medical, plan_unseen_photo
from .unseen_object import DEFAULT_STAMPS, plan_unseen_object
from .wallpaper import plan_wallpaper

PLANNERS = {"solid": plan_solid, "gradient": plan_gradient, "noise": plan_noise, "text": plan_text,
            "screenshot": plan_screenshot, "photo": plan_photo, "medical": plan_medical, "wallpaper": plan_wallpaper,
            "unseen-photo": plan_unseen_photo, "unseen-medical": plan_unseen_medical,
            "micrograph": plan_micrograph, "photo-extra": plan_photo_extra, "unseen-object": plan_unseen_object}


def plan_group(group, seed, ctx):
    """The group's jobs, in order; the synthetic groups get the partition prefix here, the others in their planner."""
    jobs = PLANNERS[group](group_rng(seed, group), ctx)
    if group in ("solid", "gradient", "noise", "micrograph"):
        prefix = source_prefix(group, ctx.partition)
        for job in jobs:
            job.source = prefix + job.source
    return jobs


class Context:
    def __init__(self, args):
        self.fonts, self.skimage_data, self.backgrounds = args.fonts, args.skimage_data, args.backgrounds
        self.chromium, self.timeout = args.chromium, args.chromium_timeout
        self.mpl_data, self.partition = args.mpl_data, args.partition
        self.stamps = args.stamps
        self.notes = {g: [] for g in GROUPS}
        self.warnings = 0
        self.cleanup = []

    def warn(self, group, message):
        print(f"warning: {group}: {message}", file=sys.stderr, flush=True)
        self.notes[group].append(message)
        self.warnings += 1

    def note(self, group, message):
        print(f"note: {group}: {message}", flush=True)
        self.notes[group].append(message)


def render(job):
    """Returns the file bytes of one job, or raises."""
    out = job.make()
    if isinstance(out, bytes):
        data = out
    else:
        w, h = out.size
        if not (MIN_SIDE <= w <= MAX_SIDE and MIN_SIDE <= h <= MAX_SIDE):
            raise ValueError(f"size {w}x{h} outside {MIN_SIDE}..{MAX_SIDE}")
        data = save_bytes(out, job.ext)
    if len(data) > MAX_BYTES:
        raise ValueError(f"{len(data)} bytes, over {MAX_BYTES}")
    return data


def run_group(group, jobs, out_dir, ctx, pool):
    """Writes the group's images; returns the labels rows of the images written."""
    for i, job in enumerate(jobs, 1):
        job.image_id = f"{group}-{i:03d}"
    if jobs and jobs[0].probe:
        try:
            first = [render(jobs[0])]
        except Exception as e:  # noqa: BLE001
            ctx.warn(group, f"first image failed ({e}); group skipped")
            return []
        rest = jobs[1:]
    else:
        first, rest = [], jobs

    def safe(job):
        try:
            return render(job)
        except Exception as e:  # noqa: BLE001
            return e

    rows, failed = [], 0
    for job, data in zip(jobs, first + list(pool.map(safe, rest))):
        if isinstance(data, Exception):
            failed += 1
            print(f"warning: {group}: {job.image_id} ({job.source}) failed: {data}", file=sys.stderr, flush=True)
            ctx.warnings += 1
            continue
        with open(os.path.join(out_dir, f"{job.image_id}.{job.ext}"), "wb") as f:
            f.write(data)
        rows.append((job.image_id, group, job.source))
    if failed:
        ctx.notes[group].append(f"{failed} images failed (see warnings)")
    return rows


OLD_FILE = re.compile(r"^(%s)-\d+\.(png|jpg)$" % "|".join(GROUPS))


def parse_args(argv):
    p = argparse.ArgumentParser(prog="negatives.py", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="output folder (created; earlier negatives in it are replaced)")
    p.add_argument("--seed", type=int, default=0, help="seed of every random choice (default 0)")
    p.add_argument("--partition", choices=PARTITIONS, default="all",
                   help="source material: all (default; every source, as before partitions existed), fit or report "
                        "(disjoint halves of every group's sources; report adds the unseen-* groups, fit the "
                        "micrograph and photo-extra groups)")
    p.add_argument("--groups", default=None,
                   help=f"comma-separated groups to generate (default every group of the partition: "
                        f"{','.join(groups_of('all'))}; {','.join(REPORT_ONLY)} only with --partition report, "
                        f"{','.join(FIT_ONLY)} only with --partition fit)")
    p.add_argument("--max-per-group", type=int, default=None, metavar="N",
                   help="keep only the first N images of each group's plan (for quick runs and tests); "
                        "those N are identical to the first N of a full run")
    p.add_argument("--strict", action="store_true",
                   help="exit 3 when any source is missing or any image fails (the set would be smaller than planned); "
                        "the screening scripts use it")
    p.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1), help="parallel workers (default min(4, CPUs))")
    p.add_argument("--skimage-data", default=default_skimage_data(),
                   help="skimage's data folder (default: next to the installed skimage, %(default)s)")
    p.add_argument("--fonts", default=DEFAULT_FONTS, help="folder of the DejaVu TrueType fonts (default %(default)s)")
    p.add_argument("--backgrounds", default=DEFAULT_BACKGROUNDS, help="folder of wallpapers (default %(default)s)")
    p.add_argument("--mpl-data", default=DEFAULT_MPL_DATA,
                   help="matplotlib's sample_data folder, for unseen-photo and unseen-medical (default %(default)s)")
    p.add_argument("--stamps", default=DEFAULT_STAMPS,
                   help="Tux Paint's stamps folder (Debian package tuxpaint-stamps-default), for unseen-object "
                        "(default %(default)s)")
    p.add_argument("--chromium", default=None,
                   help="chromium executable (default: $SKINLESION_CHROMIUM, else chromium on PATH); a path that does "
                        "not exist skips the screenshot group")
    p.add_argument("--chromium-timeout", type=float, default=90.0, help="seconds per screenshot (default 90)")
    args = p.parse_args(argv)
    allowed = groups_of(args.partition)
    if args.groups is None:
        groups = allowed
    else:
        groups = [g.strip() for g in args.groups.split(",") if g.strip()]
    unknown = [g for g in groups if g not in GROUPS]
    if unknown or not groups:
        p.error(f"unknown group(s) {', '.join(unknown) or '(none given)'}; choose from {', '.join(GROUPS)}")
    wrong = [g for g in groups if g not in allowed]
    if wrong:
        p.error("; ".join(f"{g} only with --partition report (a source never used in fitting)" if g in REPORT_ONLY
                          else f"{g} only with --partition fit ({FIT_ONLY_WHY[g]})" for g in wrong))
    args.groups = [g for g in GROUPS if g in groups]
    if args.max_per_group is not None and args.max_per_group < 1:
        p.error("--max-per-group must be at least 1")
    return args


def main(argv=None):
    args = parse_args(argv)
    start = time.time()
    os.makedirs(args.out, exist_ok=True)
    removed = 0
    for name in os.listdir(args.out):
        if OLD_FILE.match(name) or name == "labels.csv":
            os.remove(os.path.join(args.out, name))
            removed += 1
    if removed:
        print(f"removed {removed} files of an earlier run from {args.out}")
    ctx = Context(args)
    rows, counts, seconds = [], {}, {}
    try:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for group in args.groups:
                t0 = time.time()
                jobs = plan_group(group, args.seed, ctx)
                if args.max_per_group is not None:
                    jobs = jobs[: args.max_per_group]
                written = run_group(group, jobs, args.out, ctx, pool)
                rows += written
                counts[group] = len(written)
                seconds[group] = time.time() - t0
                print(f"{group}: {len(written)} images in {seconds[group]:.1f} s", flush=True)
    finally:
        for d in ctx.cleanup:
            shutil.rmtree(d, ignore_errors=True)
    rows.sort()
    with open(os.path.join(args.out, "labels.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["image_id", "group", "source"])
        w.writerows(rows)
    total = time.time() - start
    print()
    print(f"{'group':<14} {'images':>6} {'seconds':>8}  notes")
    for group in args.groups:
        notes = "; ".join(ctx.notes[group])
        print(f"{group:<14} {counts[group]:>6} {seconds[group]:>8.1f}  {notes}")
    print(f"{'total':<14} {len(rows):>6} {total:>8.1f}  seed {args.seed}, partition {args.partition}, written to {args.out}")
    if args.strict and ctx.warnings:
        # A fit or a gate on fewer negatives than planned must not pass unseen in a log.
        print(f"error: {ctx.warnings} warning(s) above: images were skipped, and --strict allows none", file=sys.stderr)
        return 3
    return 0
