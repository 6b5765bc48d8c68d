"""screenshot: headless chromium captures of the generated web pages at several window sizes."""

import os
import shutil
import subprocess
import tempfile

from PIL import Image

from .common import Job, to_rgb_or_l
from .partition import source_prefix
from .webpages import html_pages

WINDOWS = [(1280, 720), (1024, 768), (800, 600), (390, 844), (1920, 1080), (768, 1024), (1366, 768), (360, 640)]


def find_chromium(arg):
    for candidate in [arg, os.environ.get("SKINLESION_CHROMIUM"), "chromium", "chromium-browser"]:
        if not candidate:
            continue
        path = candidate if os.path.sep in candidate else shutil.which(candidate)
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
        if candidate == arg:
            return None  # an explicit --chromium that does not exist means "no chromium"
    return None


SPARE_ROWS = 256  # one raster tile: rendered below the window and cropped off (see screenshot())


def screenshot(chromium, html_path, size, workdir, timeout):
    """A w x h PNG of the page. Headless chromium now and then captures before the last tiles at the
    bottom of the viewport are painted, so the window is one tile taller and the capture is cropped."""
    w, h = size
    tag = f"{os.path.basename(html_path)[:-5]}-{w}x{h}"
    png = os.path.join(workdir, tag + ".png")
    cmd = [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
           "--no-default-browser-check", "--disable-extensions", "--mute-audio", "--force-device-scale-factor=1",
           "--run-all-compositor-stages-before-draw", "--virtual-time-budget=2000",
           f"--user-data-dir={os.path.join(workdir, 'profile-' + tag)}", f"--window-size={w},{h + SPARE_ROWS}",
           f"--screenshot={png}", "file://" + html_path]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    if not os.path.isfile(png):
        tail = proc.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        raise RuntimeError(f"chromium exit {proc.returncode}, no screenshot ({tail[0][:200]})")
    with Image.open(png) as im:
        out = to_rgb_or_l(im).crop((0, 0, w, h))
        out.load()
    shutil.rmtree(os.path.join(workdir, "profile-" + tag), ignore_errors=True)
    return out


def plan_screenshot(rng, ctx):
    """4 windows of each page. --partition fit/report: disjoint templates, themes, words and CSS fonts (webpages.py)."""
    partition = getattr(ctx, "partition", "all")
    pages = html_pages(rng, partition)
    prefix = source_prefix("screenshot", partition)
    windows = [[WINDOWS[k] for k in rng.permutation(len(WINDOWS))[:4]] for _ in pages]
    chromium = find_chromium(ctx.chromium)
    if chromium is None:
        ctx.warn("screenshot", f"chromium not found ({ctx.chromium or 'chromium on PATH / $SKINLESION_CHROMIUM'}); group skipped")
        return []
    workdir = tempfile.mkdtemp(prefix="negatives-html-")
    ctx.cleanup.append(workdir)
    jobs = []
    for (name, theme, html), sizes in zip(pages, windows):
        path = os.path.join(workdir, f"{name}.html")
        with open(path, "w", encoding="utf-8") as f:
            f.write(html)
        for size in sizes:
            src = prefix + f"chromium screenshot of generated '{name}' page ({theme['name']} theme) window {size[0]}x{size[1]}"
            jobs.append(Job(src, "png", lambda a=(chromium, path, size, workdir, ctx.timeout): screenshot(*a)))
    jobs[0].probe = True  # a chromium that cannot start fails once, not 48 times
    return jobs
