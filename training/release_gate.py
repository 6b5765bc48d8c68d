#!/usr/bin/env python3
"""Entry point: the release gate, a candidate's re-run evaluations against the model issue's bars beside the shipped model's; the logic is skinlesion/release_gate.py (--help)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from skinlesion.release_gate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
