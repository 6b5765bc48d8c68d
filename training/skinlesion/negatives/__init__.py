"""Generate a NEGATIVE image set: images that are NOT dermoscopic skin-lesion photos.

The set measures how well the service's out-of-distribution check refuses inputs it was never
meant to classify. It is regenerable: the same --seed with the same installed packages gives the
same files (see Determinism below).

Usage (Debian's Python, which has numpy, PIL and skimage):

    /usr/bin/python3 training/negatives.py --out .data/negatives [--seed 0] [--partition all|fit|report]

Output, in --out:

  <group>-<nnn>.png|jpg   one image each; the image id is the file name without extension.
                          PNG, except JPEG where the source is a JPEG photo (skimage's rocket,
                          hubble_deep_field, retina), a lossy-compressed wallpaper (WebP) or an
                          unseen-object stamp on its canvas.
  labels.csv              header image_id,group,source; one row per image written, sorted by id;
                          source is a short description (e.g. "skimage:chelsea.png crop 2 ...",
                          "solid rgb(12,200,40)").

Every image is RGB or greyscale, 64..4000 px a side (wallpapers at most 2048), at most 10 MB, in
a mix of sizes and aspect ratios (200x150, 640x480, 1024x768, 512x512, 1280x720, portrait ones,
a few extreme strips). Before writing, files of a previous run in --out (names <group>-<nnn>.png|jpg
and labels.csv) are removed; other files are left alone.

Partitions (--partition). A screening head is FITTED on negatives and its refusal REPORTED on other
negatives; with one source pool the reported figure is optimistic. `all` (default) is the set as it was before
partitions existed (byte-identical for a seed). `fit` and `report` draw every group that uses source material
from fixed, disjoint halves of it (committed in partition.py, the same for every seed); every labels.csv
source then starts with the partition and a note of what was split:

  photo       skimage photos: 10 to fit, 10 to report (motorcycle_left/right together), 7 variants each.
  medical     skimage medical: fit retina, microaneurysms, cell (12 variants each); report ihc, phantom (19).
  wallpaper   GNOME backgrounds by design (dark and light versions together): fit adwaita, licorice,
              symbolic, vnc; report grid, pixels, truchet, wood; two rounds of the two crops each.
  text        only one font family (DejaVu) is installed, so it is split by FILE: fit DejaVu Sans faces and
              Sans Mono, report DejaVu Serif faces and Sans Mono Bold; word lists, names, lab tests, units,
              organisations and titles alternately (even entries fit, odd report).
  screenshot  templates (fit login, table, dashboard, 404, inbox, calendar; report form, article, search,
              settings, shop, docs, each drawn twice) and themes (fit light, teal, purple; report dark, warm)
              alternately, words as for text, CSS fonts as for text; chromium is the same in both.
  solid, gradient, noise  synthetic, nothing to split: they depend on --seed only, so fit and report
              runs need different seeds (e.g. fit --seed 1, report --seed 3).
  unseen-photo, unseen-medical, unseen-object  only in `report`: sources no `fit` (or `all`) run uses (below).
  micrograph  only in `fit`: drawn, so it is never reported; the real micrographs stay in `report` (below).
  photo-extra only in `fit`: photographs of packages no `report` group uses (below).

Groups (--groups picks some; by default every group of the partition):

  solid       solid colours: skin tones, browns, black, white, greys (some stored as greyscale),
              saturated and pastel colours, random colours.
  gradient    linear (any angle) and radial gradients of 2-3 colours, many skin-toned or brownish.
  noise       uniform, Gaussian (around skin tones too), salt-and-pepper, blurred low-frequency,
              coloured (per-channel) and multi-octave noise; RGB and greyscale.
  text        text rendered with PIL and the DejaVu fonts (--fonts): letters, clinical-looking
              reports, tables of numbers, code listings, large words in colour, and scanned-looking
              letters (grey paper, slight rotation, noise, blur).
  screenshot  headless chromium screenshots of locally generated HTML pages (login, registration
              form, lab-results table, article, dashboard, search results, 404, settings, inbox,
              shop, calendar, documentation) at several window sizes. Without chromium the group
              is skipped with a warning.
  photo       skimage's everyday and test photos (astronaut, chelsea, coffee, rocket, motorcycles,
              brick, grass, gravel, camera, horse, coins, moon, page, text, hubble_deep_field,
              color, logo, clock_motion, bw_text): each as-is plus 3 deterministic variants (crop,
              rescale, crop resized to a common size, rotation/flip).
  medical     skimage's non-dermoscopic medical images (ihc, cell, microaneurysms, retina, and the
              Shepp-Logan CT phantom): each as-is plus 7 variants as above.
  wallpaper   GNOME desktop backgrounds (--backgrounds, Debian package gnome-backgrounds): each
              raster image downscaled to a long side of at most 2048 px, plus a 16:9 crop
              (1920x1080 or smaller) and a crop resized to a screen-like size. JPEG, PNG and WebP
              (decoded by PIL, written as JPEG) are used; SVG/XML/JXL are skipped with a note.
              Without the folder the group is skipped with a warning.
  unseen-photo    (--partition report only) matplotlib's sample images (Debian package python-matplotlib-data,
              --mpl-data): grace_hopper.jpg, Minduka_Present_Blue_Pack.png, logo2.png, as-is plus crops,
              rescales and rotations (30 images).
  unseen-medical  (--partition report only) matplotlib's MRI slice s1045.ima.gz as-is plus 19 variants, some
              with a contrast (gamma) change (20 images). Without the folder both are skipped with a warning.
  unseen-object   (--partition report only) Tux Paint's stamps (Debian package tuxpaint-stamps-default, --stamps):
              every PNG under animals/, food/ and plants/ (252: 217 photographs, 35 drawings), once each,
              cut out and placed on a plain light canvas like a catalogue photograph, JPEG (unseen_object.py).
              Without the folder the group is skipped with a warning.
  micrograph  (--partition fit only) drawn micrographs: haematoxylin-eosin and immunohistochemistry (DAB)
              sections, blood smears and fluorescence, 12 each, cells 5-40 px in radius (micrograph.py).
  photo-extra (--partition fit only) sixteen photographs from Debian packages no other group uses
              (plasma-workspace-wallpapers, lomiri-wallpapers-20.04, python3-sklearn), each as-is plus 4
              variants as for photo (photo_extra.py). A missing package is a warning; its images are skipped.

Determinism: every random choice comes from numpy.random.default_rng([seed, crc32(group)]) and is
drawn while the group is planned, before anything is rendered, so one group's files do not depend
on which other groups run, on --jobs, or on --max-per-group (which keeps the first N of the plan).
The generated groups (solid, gradient, noise, text) and the skimage-derived ones (photo, medical)
are byte-identical across runs with the same seed and the same library versions; screenshots come
from chromium and wallpapers from the installed package, so they follow those versions. unseen-object
draws once per stamp file, in sorted order, so a package version with other stamps changes every later draw.

A missing source (skimage data folder or file, fonts, chromium, backgrounds, matplotlib sample data, stamps) is a warning and the
affected images are skipped; the run still succeeds, unless --strict (which the screening scripts pass) makes it exit 3. The summary table at the end says what was
written and what was skipped.
"""
