#!/usr/bin/env python3
"""Entry point of the acquisition stress set; the commands are skinlesion/stress_cli.py (--help)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from skinlesion.stress_cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
