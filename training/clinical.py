#!/usr/bin/env python3
"""Entry point of the clinical-data fusion study; the steps are skinlesion/clinical_pipeline.py (--help)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from skinlesion.clinical_pipeline import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
