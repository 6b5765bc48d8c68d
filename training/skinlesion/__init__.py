"""Training, calibration and export of the SkinLesion HAM10000 classifier."""
