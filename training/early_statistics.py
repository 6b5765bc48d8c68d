#!/usr/bin/env python3
"""Entry point that adds the early_statistics output to a shipped model; the logic is skinlesion/early_upgrade.py (--help)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from skinlesion.early_upgrade import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
