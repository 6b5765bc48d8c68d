#!/usr/bin/env python3
"""Entry point of the lesion segmenter's training; the steps are skinlesion/segmentation_pipeline.py (--help)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from skinlesion.segmentation_pipeline import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
