#!/usr/bin/env python3
"""Finds near-duplicate images across the shared image sets; the logic is skinlesion/duplicates.py (--help)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from skinlesion.duplicates import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
