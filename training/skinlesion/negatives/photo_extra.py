"""photo-extra: photographs from Debian packages that no other group draws on, generated only with --partition fit
(common.FIT_ONLY).

Why (ADR 0038): the fit partition's photo group is ten skimage photographs (nine scenes: the two motorcycle views
are one), so the screening head learned "photo" from them alone. A candidate's refitted head let through two of the
report partition's ten source photographs in nearly every version, which no development figure could see, because the
development negatives draw on the fit's own ten. These sixteen photographs (landscapes, plants, animals, objects, a
building, night sky) more than double the independent scenes the head is fitted on, and leave-one-source-out (ADR 0025)
can then leave one of them out at a time. The report partition never sees them, so the negatives the service is judged
on do not change.

  plasma-workspace-wallpapers  the package's twelve photographic designs (the others are drawn), one resolution each
  lomiri-wallpapers-20.04      its two photographs (a nuthatch on a trunk; a night sea under the Milky Way)
  python3-sklearn              scikit-learn's two sample photographs (a temple in China; a flower)

Each file as-is (re-encoded where it is larger than the service accepts) plus PHOTO_EXTRA_VARIANTS seeded crops,
rescales and rotations, as the photo group makes them. A missing package or file is a warning and those images are
skipped.
"""

from .partition import source_prefix
from .photo import plan_files

PLASMA = "/usr/share/wallpapers"
LOMIRI = "/usr/share/backgrounds"
SKLEARN = "/usr/lib/python3/dist-packages/sklearn/datasets/images"
# (label in labels.csv, folder, files relative to it): every entry a photograph, looked at one by one.
SOURCES = [
    ("plasma-workspace-wallpapers", PLASMA,
     [f"{design}/contents/images/1920x1080.jpg" for design in
      ("BytheWater", "ColdRipple", "DarkestHour", "EveningGlow", "FallenLeaf", "Grey", "Kite", "OneStandsOut", "Path",
       "summer_1am")]
     + ["ColorfulCups/contents/images/2560x1600.jpg", "Volna/contents/images/5120x2880.jpg"]),
    ("lomiri-wallpapers-20.04", LOMIRI, ["Kleiber_by_Lukas_Baubkus.jpg", "Infinite-Sea_by_Aury88.jpg"]),
    ("python3-sklearn", SKLEARN, ["china.jpg", "flower.jpg"]),
]
PHOTO_EXTRA_VARIANTS = 4


def plan_photo_extra(rng, ctx):
    prefix = source_prefix("photo-extra", getattr(ctx, "partition", "fit"))
    jobs = []
    for label, folder, files in SOURCES:
        jobs += plan_files(rng, ctx, "photo-extra", folder, files, PHOTO_EXTRA_VARIANTS, label, prefix)
    return jobs
