"""The site-calibration protocol's split of ISIC 2017 test into halves a and b, stratified by label (docs/site-calibration.md).

Run from the repository root: python3 models/evaluation/site-protocol/split.py > models/evaluation/site-protocol/split.csv
Standard library only. Each label's ids are sorted, shuffled with its own seeded generator and cut in half; a label with an
odd count gives its extra image to a and b in turn (labels in alphabetical order), so the halves are 300 and 300.
"""
import csv
import random
import sys
from collections import defaultdict

SEED = 20261201
LABELS = "../shared/data/isic2017-test/labels.csv"


def main() -> None:
    by_label = defaultdict(list)
    with open(LABELS, newline="") as f:
        for row in csv.DictReader(f):
            by_label[row["dx"]].append(row["image_id"])
    split = {}
    extra_to_a = True
    for label in sorted(by_label):
        ids = sorted(by_label[label])
        random.Random(f"{SEED}-{label}").shuffle(ids)
        half = len(ids) // 2
        if len(ids) % 2:
            half += 1 if extra_to_a else 0
            extra_to_a = not extra_to_a
        split.update({image_id: "a" for image_id in ids[:half]})
        split.update({image_id: "b" for image_id in ids[half:]})
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["image_id", "split"])
    for image_id in sorted(split):
        writer.writerow([image_id, split[image_id]])


if __name__ == "__main__":
    main()
