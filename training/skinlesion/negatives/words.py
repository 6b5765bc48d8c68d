"""Random words, names and lab tests that fill the text group's documents and the screenshot group's pages."""

from .common import pick

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


def sentence(rng, lo=6, hi=16):
    words = [pick(rng, WORDS) for _ in range(int(rng.integers(lo, hi)))]
    return " ".join(words).capitalize() + "."


def paragraph(rng, lo=2, hi=6):
    return " ".join(sentence(rng) for _ in range(int(rng.integers(lo, hi))))


def person(rng):
    return f"{pick(rng, FIRST)} {pick(rng, LAST)}"

