import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.normpath(os.path.join(REPO, "..", "shared"))
WEIGHTS = os.path.join(SHARED, "weights", "mobilenet_v2_1.0_224_quant.tflite")
HAM = os.path.join(SHARED, "data", "ham10000")
SKIMAGE_DATA = "/usr/lib/python3/dist-packages/skimage/data"
