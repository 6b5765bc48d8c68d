"""--partition: which source material each group draws on, so that a screening head FITTED on negatives of
partition `fit` never sees a source of the negatives REPORTED from partition `report`.

`all` (the default) is the generator as it was before partitions existed: every source, and byte-identical
output for a given seed. `fit` and `report` split every group that draws on source material into two fixed,
disjoint halves; the split is written down here (committed lists, not drawn from the seed), so it is the same
for every seed. The synthetic groups (solid, gradient, noise) have no source material: they depend on the
seed only, so use different seeds for the fitted and the reported set (e.g. fit --seed 1, report --seed 3).

  photo       skimage photos, PHOTO_SPLIT below (10 each; motorcycle_left/right, one scene, stay together).
  medical     skimage medical images, MEDICAL_SPLIT (fundus photographs and cells to fit; IHC microscopy and
              the CT phantom to report).
  wallpaper   GNOME backgrounds by design (the -d/-l dark and light versions of a design stay together):
              WALLPAPER_SPLIT; a design not named there goes by the parity of crc32(design).
  text        one font family is installed (DejaVu, fonts-dejavu-core), so it is split by file: fit draws
              with the DejaVu Sans faces and Sans Mono, report with the DejaVu Serif faces and Sans Mono
              Bold (FONT_ROLES). The word lists, names, lab tests, units, organisations and report titles
              (words.py) are split alternately (even entries fit, odd entries report).
  screenshot  the twelve page templates and five colour themes are split alternately (TEMPLATE_SPLIT,
              THEME_SPLIT), the words as for text, and the pages' CSS fonts as for text (fit: DejaVu Sans and
              Sans Mono; report: DejaVu Serif and Sans Mono Bold; chromium finds them through fontconfig).
              Chromium itself is the same program in both.
  unseen-*    only in `report`: matplotlib's sample images (Debian package python-matplotlib-data; unseen.py) and
              Tux Paint's stamps (tuxpaint-stamps-default; unseen_object.py), which no other group and no `fit`
              run ever uses.
  micrograph  only in `fit`: drawn stained sections, smears and fluorescence (micrograph.py), a stand-in for the
              micrographs no registry gives us; the real ones (skimage's ihc.png) stay in `report`.
  photo-extra only in `fit`: sixteen photographs of plasma-workspace-wallpapers, lomiri-wallpapers-20.04 and
              python3-sklearn (photo_extra.py), packages no `report` group uses.

Every labels.csv source of a `fit` or `report` run starts with the partition, and says where a group is not
split (SOURCE_NOTE).
"""

import zlib

PARTITIONS = ["all", "fit", "report"]
SPLIT = ("fit", "report")

PHOTO_SPLIT = {
    "fit": ["astronaut.png", "coffee.png", "motorcycle_left.png", "motorcycle_right.png", "brick.png", "gravel.png",
            "camera.png", "coins.png", "page.png", "color.png"],
    "report": ["chelsea.png", "rocket.jpg", "hubble_deep_field.jpg", "logo.png", "grass.png", "horse.png", "moon.png",
               "text.png", "clock_motion.png", "bw_text.png"],
}
MEDICAL_SPLIT = {
    "fit": ["cell.png", "microaneurysms.png", "retina.jpg"],
    "report": ["ihc.png", "phantom.png"],
}
# As-is plus this many variants of each file: `all` as before; the partitions have half the files, so more
# variants keep the group about the size it has in `all` (photo 80, medical 40).
PHOTO_VARIANTS = {"all": 3, "fit": 7, "report": 7}
MEDICAL_VARIANTS = {"all": 7, "fit": 12, "report": 19}

WALLPAPER_SPLIT = {
    "fit": ["adwaita", "licorice", "symbolic", "vnc"],
    "report": ["grid", "pixels", "truchet", "wood"],
}
WALLPAPER_ROUNDS = {"all": 1, "fit": 2, "report": 2}  # rounds of (16:9 crop, screen crop) after the full image

# The text group's font roles -> DejaVu file, per partition. `all` is text.Fonts.NAMES.
FONT_ROLES = {
    "fit": {"sans": "DejaVuSans.ttf", "sans-bold": "DejaVuSans-Bold.ttf", "serif": "DejaVuSans.ttf",
            "serif-bold": "DejaVuSans-Bold.ttf", "serif-italic": "DejaVuSans-Oblique.ttf", "mono": "DejaVuSansMono.ttf",
            "mono-bold": "DejaVuSansMono.ttf", "condensed": "DejaVuSansCondensed.ttf",
            "light": "DejaVuSans-ExtraLight.ttf"},
    "report": {"sans": "DejaVuSerif.ttf", "sans-bold": "DejaVuSerif-Bold.ttf", "serif": "DejaVuSerif.ttf",
               "serif-bold": "DejaVuSerif-Bold.ttf", "serif-italic": "DejaVuSerif-Italic.ttf",
               "mono": "DejaVuSansMono-Bold.ttf", "mono-bold": "DejaVuSansMono-Bold.ttf",
               "condensed": "DejaVuSerifCondensed.ttf", "light": "DejaVuSerif.ttf"},
}
# A role whose file is not installed (fonts-dejavu-core has only the Sans, Serif and Sans Mono regular and bold
# faces) falls back to this role of the same partition.
FONT_FALLBACK = {"fit": "sans", "report": "sans"}

# CSS of the screenshot pages, per partition: (body family, pre family, pre weight). `all` is the original.
PAGE_FONTS = {"all": ('"DejaVu Sans", sans-serif', '"DejaVu Sans Mono", monospace', None),
              "fit": ('"DejaVu Sans", sans-serif', '"DejaVu Sans Mono", monospace', "normal"),
              "report": ('"DejaVu Serif", serif', '"DejaVu Sans Mono", monospace', "bold")}
TEMPLATE_SPLIT = {"fit": ["login", "table", "dashboard", "404", "inbox", "calendar"],
                  "report": ["form", "article", "search", "settings", "shop", "docs"]}
THEME_SPLIT = {"fit": ["light", "teal", "purple"], "report": ["dark", "warm"]}
PAGE_DRAWS = {"all": 1, "fit": 2, "report": 2}  # pages drawn per template (content and theme), 4 windows each

SOURCE_NOTE = {
    "solid": "synthetic, not split",
    "gradient": "synthetic, not split",
    "noise": "synthetic, not split",
    "text": {"fit": "one font family, split by file: DejaVu Sans faces + Sans Mono; even word-list entries",
             "report": "one font family, split by file: DejaVu Serif faces + Sans Mono Bold; odd word-list entries"},
    "screenshot": {"fit": "templates " + ",".join(TEMPLATE_SPLIT["fit"]) + "; themes " + ",".join(THEME_SPLIT["fit"])
                          + "; DejaVu Sans + Sans Mono; even word-list entries; same chromium",
                   "report": "templates " + ",".join(TEMPLATE_SPLIT["report"]) + "; themes "
                             + ",".join(THEME_SPLIT["report"]) + "; DejaVu Serif + Sans Mono Bold; odd word-list "
                             "entries; same chromium"},
    "photo": "half of the skimage photos",
    "medical": "half of the skimage medical images",
    "wallpaper": "half of the GNOME background designs",
    "unseen-photo": "report only, never in fit",
    "unseen-medical": "report only, never in fit",
    "unseen-object": "report only, never in fit",
    "micrograph": "synthetic, fit only",
    "photo-extra": "fit only: packages no report group draws on",
}


def half(seq, partition):
    """`all`: the whole list; `fit`: entries 0, 2, 4, ...; `report`: entries 1, 3, 5, ..."""
    if partition == "all":
        return list(seq)
    return list(seq[SPLIT.index(partition)::2])


def source_prefix(group, partition):
    if partition == "all":
        return ""
    note = SOURCE_NOTE.get(group, "")
    if isinstance(note, dict):
        note = note[partition]
    return f"{partition} [{note}] " if note else f"{partition} "


def wallpaper_design(name):
    """adwaita-d.webp -> adwaita (the dark and light versions of one design have one key)."""
    stem = name.rsplit(".", 1)[0]
    return stem[:-2] if stem.endswith(("-d", "-l")) else stem


def wallpaper_partition(name):
    design = wallpaper_design(name)
    for p in SPLIT:
        if design in WALLPAPER_SPLIT[p]:
            return p
    return SPLIT[zlib.crc32(design.encode()) % 2]
