#!/usr/bin/env python3
"""Entry point: re-run every committed evaluation from its recorded command; the logic is skinlesion/evaluation_rerun.py (--help)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from skinlesion.evaluation_rerun import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
