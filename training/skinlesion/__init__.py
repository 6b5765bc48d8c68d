"""Everything training/ does: training, calibration and export of the SkinLesion HAM10000 classifier, the
out-of-distribution fit and its acquisition renderings, and the negative image set. The scripts in training/
are entry points into these modules."""
