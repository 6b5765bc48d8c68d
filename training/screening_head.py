#!/usr/bin/env python3
"""Entry point of the screening-head study (prepare, study); the logic is skinlesion/screening_head.py (--help)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from skinlesion.screening_head import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
