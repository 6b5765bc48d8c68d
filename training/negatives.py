#!/usr/bin/python3
"""Entry point of the negative (non-dermoscopic) image set; the generator is skinlesion/negatives/ (--help)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from skinlesion.negatives.generate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
