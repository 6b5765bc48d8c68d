#!/usr/bin/env python3
"""Entry point of the acquisition renderings for the out-of-distribution fit; the logic is skinlesion/acquisition.py (--help)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from skinlesion.acquisition import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
