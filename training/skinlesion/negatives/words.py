"""Random words, names and lab tests that fill the text group's documents and the screenshot group's pages.

`Vocabulary(partition)` holds the lists a run draws from: all of them for --partition all, the even entries of
each list for fit and the odd entries for report (partition.py), so the two partitions share no word."""

from .common import pick
from .partition import half

WORDS = ("the of and to in is was for on that with as by at from this be are which or an not it have "
         "patient review follow clinic results report within normal range sample blood test referral "
         "history examination treatment plan medication dose daily weeks months appointment letter "
         "please contact department hospital ward nurse doctor service team copy record date time "
         "summary note further advice discussed agreed symptoms stable improved change monitor "
         "community pharmacy prescription repeat annual meeting budget project schedule invoice "
         "payment account balance order delivery address street city river garden window morning "
         "evening weather train station library school student teacher lesson chapter page number "
         "table figure value total average analysis method data system network server update "
         "version release software hardware memory storage display keyboard printer paper office").split()
FIRST = ["Anna", "Ben", "Clara", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kaya",
         "Liam", "Mira", "Noah", "Olga", "Pavel", "Rosa", "Sami", "Tara", "Uwe", "Vera", "Yusuf"]
LAST = ["Adler", "Berg", "Costa", "Dubois", "Ekström", "Fischer", "García", "Horvat", "Ivanova",
        "Jensen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Rossi", "Schmidt",
        "Tanaka", "Urban", "Virtanen", "Weber"]
TESTS = ["Haemoglobin", "White cells", "Platelets", "Sodium", "Potassium", "Urea", "Creatinine",
         "eGFR", "ALT", "ALP", "Bilirubin", "Albumin", "CRP", "Glucose", "HbA1c", "Cholesterol",
         "TSH", "Ferritin", "Vitamin D", "Calcium"]
UNITS = ["g/L", "x10^9/L", "mmol/L", "umol/L", "U/L", "mg/L", "%", "nmol/L", "ug/L"]
ORGS = ["Riverside General Hospital", "Department of Dermatology", "Hillcrest Medical Practice",
        "City Library Services", "Northfield Council", "Oakwood Insurance Ltd"]
TITLES = ["Clinical report", "Histopathology report", "Discharge summary", "Laboratory results",
          "Outpatient clinic letter", "Radiology report"]


class Vocabulary:
    def __init__(self, partition="all"):
        self.partition = partition
        self.words, self.first, self.last = half(WORDS, partition), half(FIRST, partition), half(LAST, partition)
        self.tests, self.units = half(TESTS, partition), half(UNITS, partition)
        self.orgs, self.titles = half(ORGS, partition), half(TITLES, partition)

    def sentence(self, rng, lo=6, hi=16):
        words = [pick(rng, self.words) for _ in range(int(rng.integers(lo, hi)))]
        return " ".join(words).capitalize() + "."

    def paragraph(self, rng, lo=2, hi=6):
        return " ".join(self.sentence(rng) for _ in range(int(rng.integers(lo, hi))))

    def person(self, rng):
        return f"{pick(rng, self.first)} {pick(rng, self.last)}"
