"""solid: one colour over the whole image, from skin tones to saturated and random colours."""

from PIL import Image

from .common import BIG_SIZES, BROWN, GREYS, PASTEL, SATURATED, SIZES, SKIN, Job, pick, rgb_text

def plan_solid(rng, ctx):
    colours = [("skin", c) for c in SKIN] + [("brown", c) for c in BROWN]
    colours += [("black", (0, 0, 0)), ("white", (255, 255, 255))]
    colours += [("grey", (g, g, g)) for g in GREYS[1:-1]]
    colours += [("saturated", c) for c in SATURATED] + [("pastel", c) for c in PASTEL]
    colours += [("random", tuple(int(v) for v in rng.integers(0, 256, 3))) for _ in range(12)]
    jobs = []
    for i, (kind, c) in enumerate(colours):
        size = pick(rng, BIG_SIZES) if i % 11 == 5 else pick(rng, SIZES)
        grey = c[0] == c[1] == c[2] and i % 2 == 0
        if grey:
            src = f"solid {kind} L({c[0]}) greyscale {size[0]}x{size[1]}"
            make = (lambda s=size, v=c[0]: Image.new("L", s, v))
        else:
            src = f"solid {kind} {rgb_text(c)} {size[0]}x{size[1]}"
            make = (lambda s=size, v=c: Image.new("RGB", s, v))
        jobs.append(Job(src, "png", make))
    return jobs
