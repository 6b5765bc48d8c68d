#!/usr/bin/env python3
"""Entry point of the int8 quantization study; the logic is skinlesion/quantize.py (--help)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from skinlesion.quantize import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
