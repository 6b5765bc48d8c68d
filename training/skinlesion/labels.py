"""The seven HAM10000 diagnostic classes in the model's output order."""
from __future__ import annotations

CODES = ["akiec", "bcc", "bkl", "df", "mel", "nv", "vasc"]
NAMES = {
    "akiec": "Actinic keratosis / intraepithelial carcinoma (Bowen's disease)",
    "bcc": "Basal cell carcinoma",
    "bkl": "Benign keratosis-like lesion (solar lentigo, seborrhoeic keratosis, lichen-planus-like keratosis)",
    "df": "Dermatofibroma",
    "mel": "Melanoma",
    "nv": "Melanocytic nevus",
    "vasc": "Vascular lesion",
}
MALIGNANT = {"akiec", "bcc", "mel"}
MALIGNANT_MASK = [code in MALIGNANT for code in CODES]
INDEX = {code: i for i, code in enumerate(CODES)}
