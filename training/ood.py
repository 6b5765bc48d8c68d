#!/usr/bin/env python3
"""Entry point of the out-of-distribution fit; the logic is skinlesion/ood_fit.py and skinlesion/ood.py (--help)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from skinlesion.ood_fit import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
