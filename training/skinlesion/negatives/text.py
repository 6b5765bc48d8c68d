"""text: letters, clinical reports, number tables, code listings, big words and scanned letters, drawn with PIL."""

import os

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from .common import SATURATED, SIZES, Job, pick, rgb_text, ri
from .partition import FONT_FALLBACK, FONT_ROLES, source_prefix
from .words import Vocabulary

def wrap(draw, text, font, width):
    lines, line = [], ""
    for word in text.split():
        trial = word if not line else line + " " + word
        if draw.textlength(trial, font=font) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


class Fonts:
    NAMES = {"sans": "DejaVuSans.ttf", "sans-bold": "DejaVuSans-Bold.ttf", "serif": "DejaVuSerif.ttf",
             "serif-bold": "DejaVuSerif-Bold.ttf", "serif-italic": "DejaVuSerif-Italic.ttf",
             "mono": "DejaVuSansMono.ttf", "mono-bold": "DejaVuSansMono-Bold.ttf",
             "condensed": "DejaVuSansCondensed.ttf", "light": "DejaVuSans-ExtraLight.ttf"}

    def __init__(self, folder, partition="all"):
        """Role -> file: NAMES for --partition all, partition.FONT_ROLES for fit and report (disjoint files)."""
        self.folder = folder
        names = self.NAMES if partition == "all" else FONT_ROLES[partition]
        self.fallback = "sans" if partition == "all" else FONT_FALLBACK[partition]
        self.available = {k: os.path.join(folder, v) for k, v in names.items()
                          if os.path.isfile(os.path.join(folder, v))}

    def files(self):
        return sorted({os.path.basename(p) for p in self.available.values()})

    def get(self, name, size):
        path = self.available.get(name) or self.available[self.fallback]
        return ImageFont.truetype(path, int(size))


def draw_lines(draw, x, y, lines, font, fill, spacing, bottom):
    for line in lines:
        if y + spacing > bottom:
            break
        draw.text((x, y), line, font=font, fill=fill)
        y += spacing
    return y


def render_letter(fonts, spec):
    w, h = spec["size"]
    s = w / 850
    paper = spec.get("paper", (255, 255, 255))
    im = Image.new("RGB", (w, h), paper)
    d = ImageDraw.Draw(im)
    body = fonts.get(spec["font"], 15 * s)
    head = fonts.get(spec["font"] + "-bold" if spec["font"] in ("sans", "serif") else "sans-bold", 20 * s)
    ink = spec["ink"]
    m = int(70 * s)
    d.text((m, m), spec["org"], font=head, fill=ink)
    y = m + int(34 * s)
    for line in spec["address"]:
        d.text((m, y), line, font=body, fill=ink)
        y += int(20 * s)
    d.text((w - m - d.textlength(spec["date"], font=body), m + int(34 * s)), spec["date"], font=body, fill=ink)
    y += int(30 * s)
    d.text((m, y), f"Dear {spec['to']},", font=body, fill=ink)
    y += int(34 * s)
    for para in spec["paragraphs"]:
        y = draw_lines(d, m, y, wrap(d, para, body, w - 2 * m), body, ink, int(21 * s), h - m)
        y += int(14 * s)
    if y < h - m - int(80 * s):
        d.text((m, y + int(10 * s)), "Yours sincerely,", font=body, fill=ink)
        d.text((m, y + int(60 * s)), spec["from"], font=fonts.get("serif-italic", 18 * s), fill=ink)
    return im


def render_report(fonts, spec):
    w, h = spec["size"]
    s = w / 800
    im = Image.new("RGB", (w, h), (255, 255, 255))
    d = ImageDraw.Draw(im)
    m = int(40 * s)
    d.rectangle([0, 0, w, int(70 * s)], fill=spec["accent"])
    d.text((m, int(18 * s)), spec["title"], font=fonts.get("sans-bold", 24 * s), fill=(255, 255, 255))
    f = fonts.get("sans", 13 * s)
    fb = fonts.get("sans-bold", 13 * s)
    y = int(90 * s)
    for k, v in spec["fields"]:
        d.text((m, y), k, font=fb, fill=(40, 40, 40))
        d.text((m + int(150 * s), y), v, font=f, fill=(20, 20, 20))
        y += int(20 * s)
    y += int(10 * s)
    d.line([m, y, w - m, y], fill=(150, 150, 150), width=max(1, int(s)))
    y += int(12 * s)
    for title, text in spec["sections"]:
        d.text((m, y), title, font=fonts.get("sans-bold", 15 * s), fill=spec["accent"])
        y += int(24 * s)
        y = draw_lines(d, m, y, wrap(d, text, f, w - 2 * m), f, (20, 20, 20), int(18 * s), h - m)
        y += int(12 * s)
    if spec["labs"] and y < h - int(120 * s):
        cols = [m, m + int(220 * s), m + int(340 * s), m + int(460 * s)]
        for x, t in zip(cols, ["Test", "Result", "Units", "Reference"]):
            d.text((x, y), t, font=fb, fill=(40, 40, 40))
        y += int(20 * s)
        for row in spec["labs"]:
            if y > h - m - int(18 * s):
                break
            for x, t in zip(cols, row):
                d.text((x, y), t, font=f, fill=(20, 20, 20))
            y += int(18 * s)
    d.text((m, h - int(30 * s)), spec["footer"], font=fonts.get("sans", 10 * s), fill=(120, 120, 120))
    return im


def render_table(fonts, spec):
    w, h = spec["size"]
    im = Image.new("RGB", (w, h), spec["bg"])
    d = ImageDraw.Draw(im)
    font = fonts.get(spec["font"], spec["pt"])
    head = fonts.get("mono-bold" if spec["font"] == "mono" else "sans-bold", spec["pt"])
    rows = spec["rows"]
    ncol = len(rows[0])
    cw = (w - 20) / ncol
    rh = int(spec["pt"] * 1.6)
    y = 10
    for r, row in enumerate(rows):
        if y + rh > h - 5:
            break
        if r % 2 == 1 and spec["zebra"]:
            d.rectangle([10, y, w - 10, y + rh], fill=spec["zebra"])
        for c, t in enumerate(row):
            d.text((14 + c * cw, y + 3), t, font=head if r == 0 else font, fill=spec["fg"])
        if spec["grid"]:
            d.line([10, y + rh, w - 10, y + rh], fill=spec["grid"])
        y += rh
    if spec["grid"]:
        for c in range(ncol + 1):
            d.line([10 + c * cw, 10, 10 + c * cw, y], fill=spec["grid"])
    return im


def render_code(fonts, spec):
    w, h = spec["size"]
    im = Image.new("RGB", (w, h), spec["bg"])
    d = ImageDraw.Draw(im)
    f = fonts.get("mono", spec["pt"])
    lh = int(spec["pt"] * 1.45)
    y = 8
    for n, (indent, tokens) in enumerate(spec["lines"], 1):
        if y + lh > h:
            break
        d.text((6, y), f"{n:>3}", font=f, fill=(110, 110, 110))
        x = 6 + d.textlength("0000 ", font=f) + indent * d.textlength("    ", font=f)
        for tok, col in tokens:
            d.text((x, y), tok, font=f, fill=col)
            x += d.textlength(tok + " ", font=f)
        y += lh
    return im


def render_words(fonts, spec):
    w, h = spec["size"]
    im = Image.new("RGB", (w, h), spec["bg"])
    d = ImageDraw.Draw(im)
    size = spec["pt"]
    font = fonts.get(spec["font"], size)
    lines = wrap(d, spec["text"], font, w - 20)
    while size > 8 and (len(lines) * size * 1.25 > h - 10 or any(d.textlength(line, font=font) > w - 10 for line in lines)):
        size = int(size * 0.85)
        font = fonts.get(spec["font"], size)
        lines = wrap(d, spec["text"], font, w - 20)
    total = len(lines) * size * 1.25
    y = (h - total) / 2
    for line in lines:
        x = (w - d.textlength(line, font=font)) / 2
        d.text((x, y), line, font=font, fill=spec["fg"])
        y += size * 1.25
    return im


def render_scan(fonts, spec):
    im = render_letter(fonts, spec)
    im = im.rotate(spec["angle"], resample=Image.BICUBIC, expand=True, fillcolor=spec["bed"])
    im = im.resize(spec["size"], Image.LANCZOS)
    a = np.asarray(im, np.float64)
    a = a + np.random.default_rng(spec["seed"]).normal(0, spec["noise"], a.shape[:2])[..., None]
    im = Image.fromarray(np.clip(np.round(a), 0, 255).astype(np.uint8), "RGB")
    im = im.filter(ImageFilter.GaussianBlur(spec["blur"]))
    return im.convert("L") if spec["grey"] else im



def a_date(rng, v):
    month = pick(rng, ["January", "March", "May", "July", "October", "December"])
    return f"{ri(rng, 1, 29)} {month} 20{ri(rng, 10, 25)}"


def letter_spec(rng, v):
    size = pick(rng, [(620, 877), (850, 1100), (1240, 1754), (595, 842), (768, 1024)])
    org = pick(rng, v.orgs)
    address = [f"{ri(rng, 1, 200)} {pick(rng, v.words).capitalize()} Street",
               f"{pick(rng, v.words).capitalize()}ton {pick(rng, ['AB1', 'CD4', 'EF9'])} {ri(rng, 1, 9)}XY",
               f"Tel. 0{ri(rng, 1000, 9999)} {ri(rng, 100000, 999999)}"]
    return {"size": size, "font": pick(rng, ["serif", "sans", "condensed"]),
            "ink": pick(rng, [(0, 0, 0), (20, 20, 60), (40, 40, 40)]), "org": org, "address": address,
            "date": a_date(rng, v), "to": f"Dr {pick(rng, v.last)}", "from": v.person(rng),
            "paragraphs": [v.paragraph(rng) for _ in range(ri(rng, 3, 7))]}


def plan_letter(rng, fonts, v):
    spec = letter_spec(rng, v)
    if rng.random() < 0.3:
        spec["paper"] = pick(rng, [(250, 246, 235), (245, 245, 240), (255, 252, 240)])
    w, h = spec["size"]
    return f"text letter {spec['font']} {w}x{h}", lambda: render_letter(fonts, spec)


def plan_scan(rng, fonts, v):
    spec = letter_spec(rng, v)
    g = ri(rng, 200, 236)
    spec.update(paper=(g, g - ri(rng, 0, 6), g - ri(rng, 0, 12)), angle=float(rng.uniform(-3, 3)),
                bed=pick(rng, [(40, 40, 40), (250, 250, 250), (120, 120, 120)]),
                noise=float(rng.uniform(2, 9)), blur=float(rng.uniform(0.3, 1.0)),
                grey=bool(rng.random() < 0.5), seed=ri(rng, 0, 2**63))
    w, h = spec["size"]
    src = f"text scanned letter {spec['font']} rotated {spec['angle']:.1f}deg paper L{g} {w}x{h}"
    return src, lambda: render_scan(fonts, spec)


def plan_report(rng, fonts, v):
    size = pick(rng, [(800, 1100), (1024, 1400), (600, 820), (1240, 1754)])
    labs = []
    if rng.random() < 0.7:
        for t in rng.permutation(len(v.tests))[: ri(rng, 6, 14)]:
            lo = float(rng.uniform(1, 100))
            labs.append([v.tests[t], f"{rng.uniform(0.5, 1.6) * lo:.1f}", pick(rng, v.units), f"{lo:.1f}-{lo * 1.5:.1f}"])
    title = pick(rng, v.titles)
    fields = [("Patient", v.person(rng)), ("Date of birth", f"{ri(rng, 1, 29):02d}/{ri(rng, 1, 13):02d}/19{ri(rng, 30, 99)}"),
              ("MRN", f"{ri(rng, 10**7, 10**8)}"), ("Requested by", f"Dr {pick(rng, v.last)}"),
              ("Specimen", pick(rng, ["Blood", "Serum", "Urine", "Tissue", "Swab"]))]
    sections = [(t, v.paragraph(rng, 1, 4)) for t in ["Clinical history", "Findings", "Impression"][: ri(rng, 1, 4)]]
    spec = {"size": size, "accent": pick(rng, [(20, 70, 140), (0, 110, 100), (120, 30, 60), (60, 60, 60)]),
            "title": title, "fields": fields, "sections": sections, "labs": labs,
            "footer": f"Printed {a_date(rng, v)}  page 1 of {ri(rng, 1, 4)}"}
    return f"text clinical report '{title}' {size[0]}x{size[1]}", lambda: render_report(fonts, spec)


def plan_table(rng, fonts, v):
    size = pick(rng, [(1024, 768), (1280, 720), (800, 600), (640, 480), (600, 800), (1600, 1200)])
    ncol = ri(rng, 3, 9)
    names = ["Value", "Mean", "SD", "Count", "Rate", "Min", "Max", "Total", "Q1", "Q3"]
    rows = [["ID"] + [pick(rng, names) for _ in range(ncol - 1)]]
    for _ in range(60):
        rows.append([f"{ri(rng, 1000, 9999)}"] + [f"{v:.{ri(rng, 0, 4)}f}" for v in rng.normal(50, 30, ncol - 1)])
    dark = rng.random() < 0.25
    spec = {"size": size, "rows": rows, "font": pick(rng, ["mono", "sans", "condensed"]),
            "pt": ri(rng, 11, 22) * size[0] // 1024 + 6,
            "bg": (30, 30, 35) if dark else pick(rng, [(255, 255, 255), (250, 250, 245), (240, 245, 255)]),
            "fg": (220, 220, 220) if dark else (10, 10, 10),
            "zebra": None if rng.random() < 0.3 else ((45, 45, 55) if dark else (232, 236, 242)),
            "grid": None if rng.random() < 0.4 else ((90, 90, 90) if dark else (180, 180, 180))}
    src = f"text table {ncol} columns {spec['font']} {'dark' if dark else 'light'} {size[0]}x{size[1]}"
    return src, lambda: render_table(fonts, spec)


def plan_code(rng, fonts, v):
    size = pick(rng, [(1024, 768), (1280, 720), (800, 600), (1920, 1080), (720, 1280)])
    dark = rng.random() < 0.7
    if dark:
        kw, name, num, plain = (200, 120, 220), (90, 170, 250), (180, 210, 120), (215, 215, 215)
    else:
        kw, name, num, plain = (0, 0, 200), (120, 60, 0), (0, 130, 0), (20, 20, 20)
    lines, indent = [], 0
    for _ in range(80):
        r = rng.random()
        if r < 0.15:
            keyword = "def" if rng.random() < 0.5 else "function"
            lines.append((indent, [(keyword, kw), (f"{pick(rng, v.words)}_{pick(rng, v.words)}(x, y):", name)]))
            indent = min(indent + 1, 4)
        elif r < 0.25 and indent > 0:
            lines.append((indent, [("return", kw), (f"{pick(rng, v.words)} + {ri(rng, 0, 999)}", plain)]))
            indent -= 1
        elif r < 0.35:
            lines.append((indent, [("if", kw), (f"{pick(rng, v.words)} > {rng.uniform(0, 10):.2f}:", num)]))
            indent = min(indent + 1, 4)
        else:
            call = f"{pick(rng, v.words)}({ri(rng, 0, 100)}, '{pick(rng, v.words)}')"
            lines.append((indent, [(f"{pick(rng, v.words)} =", plain), (call, name)]))
    spec = {"size": size, "bg": (30, 30, 30) if dark else (255, 255, 255), "lines": lines, "pt": max(10, size[0] // 64)}
    return f"text code listing {'dark' if dark else 'light'} {size[0]}x{size[1]}", lambda: render_code(fonts, spec)


def plan_words(rng, fonts, v):
    size = pick(rng, SIZES[:15] + [(300, 100), (1200, 100)])
    bg = tuple(int(v) for v in rng.integers(0, 256, 3))
    fg = tuple(255 - v for v in bg) if rng.random() < 0.5 else pick(rng, [(0, 0, 0), (255, 255, 255)] + SATURATED)
    if bg == fg:
        fg = tuple(255 - v for v in fg)
    if rng.random() < 0.5:
        text = " ".join(pick(rng, v.words) for _ in range(ri(rng, 1, 6))).upper()
    else:
        text = v.sentence(rng, 2, 8)
    spec = {"size": size, "bg": bg, "fg": fg, "text": text,
            "font": pick(rng, ["sans-bold", "serif-bold", "sans", "serif", "mono-bold", "light"]), "pt": ri(rng, 24, 160)}
    src = f"text words '{text[:40]}' {spec['font']} {rgb_text(fg)} on {rgb_text(bg)} {size[0]}x{size[1]}"
    return src, lambda: render_words(fonts, spec)


TEXT_KINDS = [plan_letter, plan_report, plan_table, plan_code, plan_words, plan_scan]


def plan_text(rng, ctx):
    """54 documents. --partition fit/report: disjoint font files (partition.FONT_ROLES; one family installed, so
    split by file) and disjoint halves of the word lists (words.Vocabulary)."""
    partition = getattr(ctx, "partition", "all")
    fonts, v = Fonts(ctx.fonts, partition), Vocabulary(partition)
    if fonts.fallback not in fonts.available:
        ctx.warn("text", f"no DejaVu fonts in {ctx.fonts} (Debian package fonts-dejavu-core); group skipped")
        return []
    prefix = source_prefix("text", partition)
    jobs = []
    for i in range(54):
        src, make = TEXT_KINDS[i % len(TEXT_KINDS)](rng, fonts, v)
        jobs.append(Job(prefix + src, "png", make))
    return jobs
