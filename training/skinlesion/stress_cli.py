"""Stress set for acquisition changes: HAM10000 test lesions rendered as other clinics' equipment shows them.

Evidence, not a training input: never train, select, calibrate or fit thresholds on it. The renderings are
independent of training's augmentations (training/acquisition.py); the logic and every rendering's
documentation live in training/skinlesion/stress.py.

Commands:

  render   select every malignant (mel, bcc, akiec) image of the committed split's test split plus 300
           benign ones (fixed seed), upscale each to 800x600 (bicubic) and write every rendering as
           <out>/<rendering>/<image_id>.jpg plus <out>/<rendering>/labels.csv (image_id,lesion_id,dx), which
           the C# evaluate command reads:

             /usr/bin/python3 training/stress.py render --out .data/stress
             dotnet run --project src/SkinLesion.Cli -c Release -- evaluate --images .data/stress/blur \\
                 --labels .data/stress/blur/labels.csv --name stress-blur --out models/evaluation/stress/blur

  list     print "<rendering><TAB><title>" per line (training/stress-evaluate.sh loops over it).
  table    write the figures of models/evaluation/stress/<rendering>/report.json into the table of
           models/evaluation/stress/README.md (between its markers), or print it with --print.

           With --split validation it renders validation images instead (.data/stress-validation, say): the
           same acquisition changes on images that may inform a choice between models, so robustness can weigh in
           without the test split's renderings ever doing so.

training/stress-evaluate.sh runs all three. Debian's Python (python3-numpy, python3-pil); deterministic.
"""
from __future__ import annotations

import argparse
import sys
import time

from . import labels, stress, stress_report, stress_set


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)

    r = sub.add_parser("render", help="write the renderings and labels.csv")
    r.add_argument("--images", default="../shared/data/ham10000/images.tar.gz", help="HAM10000 images.tar.gz (default: %(default)s)")
    r.add_argument("--metadata", default="../shared/data/ham10000/HAM10000_metadata.csv", help="HAM10000 metadata (default: %(default)s)")
    r.add_argument("--split-file", default="training/splits/ham10000.csv", help="committed lesion-level split; only the --split images are read (default: %(default)s)")
    r.add_argument("--split", default="test", choices=stress_set.SPLITS,
                   help="test (default): the reported stress set, evidence only; validation: the same renderings of "
                        "validation images, which may inform choices between models")
    r.add_argument("--out", default=".data/stress", help="output folder, git-ignored (default: %(default)s)")
    r.add_argument("--renderings", default=None, help="comma-separated subset of: " + ", ".join(x.name for x in stress.RENDERINGS) + " (default: all)")
    r.add_argument("--jobs", type=int, default=1, help="worker processes; the output does not depend on it (default: %(default)s)")
    r.add_argument("--limit", type=int, default=None, help="only the first N selected images (smoke runs)")

    sub.add_parser("list", help="print <rendering>\\t<title> per line")

    t = sub.add_parser("table", help="write the summary table of the evaluate reports into the README")
    t.add_argument("--reports", default="models/evaluation/stress", help="folder of <rendering>/report.json (default: %(default)s)")
    t.add_argument("--readme", default=None, help="README to update between its markers (default: <reports>/README.md)")
    t.add_argument("--print", action="store_true", help="print the table instead of writing it")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command == "list":
        for r in stress.RENDERINGS:
            print(f"{r.name}\t{r.title}")
        return 0
    if args.command == "table":
        table = stress_report.summary_table(args.reports)
        if args.print:
            print(table)
        else:
            readme = args.readme or f"{args.reports}/README.md"
            stress_report.update_readme(readme, table)
            print(f"table written into {readme}")
        return 0
    start = time.monotonic()
    names = args.renderings.split(",") if args.renderings else None
    rows = stress_set.render_set(args.images, args.metadata, args.split_file, args.out, names=names, jobs=args.jobs, limit=args.limit,
                                 split_name=args.split)
    n = len(names) if names else len(stress.RENDERINGS)
    malignant = sum(r["dx"] in labels.MALIGNANT for r in rows)
    print(f"{len(rows)} images ({malignant} malignant, {len(rows) - malignant} benign) x {n} renderings "
          f"in {args.out} ({time.monotonic() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
