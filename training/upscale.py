#!/usr/bin/env python3
"""Entry point: a HAM10000 split upscaled to a camera's size (skinlesion/upscaled.py, --help)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from skinlesion.upscaled import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
