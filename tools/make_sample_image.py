"""One-off generator of lessons_code/data/sample_eight.png, a handwritten-style "8".

Run once (``python tools/make_sample_image.py``); the PNG is committed, this script is not part of
the package. The "8" is drawn as a dark pen stroke on white paper: a slightly tilted small loop on
top of a larger one, with a little pen wobble, then softened by a blur (scanned-paper look).
"""

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parents[1] / "lessons_code" / "data" / "sample_eight.png"


def loop(cx, cy, rx, ry, tilt, wobble, rng, n=90):
    """Points along a tilted, wobbly ellipse (one loop of the 8)."""
    t = np.linspace(0, 2 * np.pi, n)
    r = 1 + wobble * np.sin(3 * t + rng.uniform(0, 2 * np.pi))
    x, y = rx * r * np.cos(t), ry * r * np.sin(t)
    c, s = np.cos(tilt), np.sin(tilt)
    return [(cx + c * a - s * b, cy + s * a + c * b) for a, b in zip(x, y)]


def main():
    rng = np.random.default_rng(8)
    scale = 4  # draw large, then downsample: smooth anti-aliased strokes
    img = Image.new("L", (64 * scale, 64 * scale), 255)
    draw = ImageDraw.Draw(img)
    top = loop(33 * scale, 19 * scale, 10 * scale, 10 * scale, 0.15, 0.04, rng)
    bottom = loop(31 * scale, 42 * scale, 13 * scale, 12 * scale, -0.1, 0.05, rng)
    for pts in (top, bottom):
        draw.line(pts, fill=20, width=8 * scale, joint="curve")
    img = img.resize((64, 64), Image.Resampling.LANCZOS).filter(ImageFilter.GaussianBlur(0.6))
    img.save(OUT, optimize=True)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
