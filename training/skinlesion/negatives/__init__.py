"""Generate a NEGATIVE image set: images that are NOT dermoscopic skin-lesion photos.

The set measures how well the service's out-of-distribution check refuses inputs it was never
meant to classify. It is regenerable: the same --seed with the same installed packages gives the
same files (see Determinism below).

Usage (Debian's Python, which has numpy, PIL and skimage):

    /usr/bin/python3 training/negatives.py --out .data/negatives [--seed 0]

Output, in --out:

  <group>-<nnn>.png|jpg   one image each; the image id is the file name without extension.
                          PNG, except JPEG where the source is a JPEG photo (skimage's rocket,
                          hubble_deep_field, retina) or a lossy-compressed wallpaper (WebP).
  labels.csv              header image_id,group,source; one row per image written, sorted by id;
                          source is a short description (e.g. "skimage:chelsea.png crop 2 ...",
                          "solid rgb(12,200,40)").

Every image is RGB or greyscale, 64..4000 px a side (wallpapers at most 2048), at most 10 MB, in
a mix of sizes and aspect ratios (200x150, 640x480, 1024x768, 512x512, 1280x720, portrait ones,
a few extreme strips). Before writing, files of a previous run in --out (names <group>-<nnn>.png|jpg
and labels.csv) are removed; other files are left alone.

Groups (--groups picks some; all by default):

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

Determinism: every random choice comes from numpy.random.default_rng([seed, crc32(group)]) and is
drawn while the group is planned, before anything is rendered, so one group's files do not depend
on which other groups run, on --jobs, or on --max-per-group (which keeps the first N of the plan).
The generated groups (solid, gradient, noise, text) and the skimage-derived ones (photo, medical)
are byte-identical across runs with the same seed and the same library versions; screenshots come
from chromium and wallpapers from the installed package, so they follow those versions.

A missing source (skimage data folder or file, fonts, chromium, backgrounds) is a warning and the
affected images are skipped; the run still succeeds. The summary table at the end says what was
written and what was skipped.
"""
