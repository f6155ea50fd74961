"""Abstract lead images drawn locally with Pillow: no downloads, no text.

Each image is a diagonal gradient between two colours of a palette, overlaid
with translucent circles, bands and a horizon line, all derived from a seed so
the same article always gets the same picture.
"""

import io
import random

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1200, 675
SMALL = 4  # scale at which the smooth layers are drawn

# (background from, background to, accent, accent, highlight)
PALETTES = {
    "caspian": ("#0b3954", "#087e8b", "#bfd7ea", "#ff5a5f", "#f5f1e3"),
    "steppe": ("#3d2c2e", "#c08552", "#f3e9dc", "#5e3023", "#dab49d"),
    "oil": ("#111d4a", "#445e93", "#ffcf00", "#ee6123", "#f7f7ff"),
    "spring": ("#1b4332", "#52b788", "#d8f3dc", "#ffb703", "#95d5b2"),
    "dusk": ("#2d0a31", "#9d4edd", "#ff9e00", "#ffd6ff", "#48bfe3"),
    "stone": ("#22223b", "#4a4e69", "#c9ada7", "#f2e9e4", "#9a8c98"),
    "sea": ("#03045e", "#0096c7", "#90e0ef", "#caf0f8", "#ffb4a2"),
    "clay": ("#6b2737", "#e08e45", "#f8f4a6", "#bdf7b7", "#3943b7"),
    "mountain": ("#283618", "#606c38", "#fefae0", "#dda15e", "#bc6c25"),
    "ink": ("#14213d", "#274c77", "#e5e5e5", "#fca311", "#a3cef1"),
}


def _rgb(colour: str, alpha: int | None = None) -> tuple[int, ...]:
    value = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return value if alpha is None else (*value, alpha)


def _gradient(start: str, end: str, rng: random.Random) -> Image.Image:
    """A smooth diagonal gradient from ``start`` to ``end``."""
    # Rotate a gradient larger than the picture and keep its middle, so the
    # rotation's empty corners never show. Smooth, so drawn small and scaled up.
    width, height = WIDTH // SMALL, HEIGHT // SMALL
    side = 2 * width
    mask = Image.linear_gradient("L").resize((side, side), Image.Resampling.BICUBIC)
    mask = mask.rotate(rng.choice([20, 35, 50, 130, 145, 160]), Image.Resampling.BICUBIC)
    left, top = (side - width) // 2, (side - height) // 2
    mask = mask.crop((left, top, left + width, top + height))
    mask = mask.resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC)
    return Image.composite(
        Image.new("RGB", (WIDTH, HEIGHT), _rgb(end)),
        Image.new("RGB", (WIDTH, HEIGHT), _rgb(start)),
        mask,
    )


def lead_image(seed: str, palette: str = "caspian") -> bytes:
    """Return a 1200×675 JPEG for ``seed`` in the colours of ``palette``."""
    rng = random.Random(seed)
    start, end, *accents = PALETTES[palette]
    image = _gradient(start, end, rng).convert("RGBA")

    # Soft shapes, blurred together (drawn small: the blur hides the scaling),
    # then a few crisp ones on top.
    soft = Image.new("RGBA", (WIDTH // SMALL, HEIGHT // SMALL), (0, 0, 0, 0))
    draw = ImageDraw.Draw(soft)
    for _ in range(rng.randint(4, 7)):
        radius = rng.randint(90, 330) // SMALL
        x = rng.randint(-100, WIDTH + 100) // SMALL
        y = rng.randint(-100, HEIGHT + 100) // SMALL
        fill = _rgb(rng.choice(accents), rng.randint(50, 120))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill)
    soft = soft.filter(ImageFilter.GaussianBlur(rng.randint(6, 24) / SMALL))
    image = Image.alpha_composite(image, soft.resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC))

    crisp = Image.new("RGBA", (WIDTH, HEIGHT), (0, 0, 0, 0))
    draw = ImageDraw.Draw(crisp)
    horizon = rng.randint(HEIGHT // 2, HEIGHT - 120)
    for step in range(rng.randint(3, 6)):
        # Stacked bands below a horizon: sea, steppe or mountain ridges.
        points = [(0, horizon + step * 40)]
        for x in range(0, WIDTH + 150, 150):
            points.append((x, horizon + step * 40 + rng.randint(-45, 45)))
        points += [(WIDTH, HEIGHT), (0, HEIGHT)]
        draw.polygon(points, fill=_rgb(rng.choice(accents), 70 + step * 25))
    sun = rng.randint(40, 110)
    sx, sy = rng.randint(150, WIDTH - 150), rng.randint(80, horizon - 60)
    draw.ellipse((sx - sun, sy - sun, sx + sun, sy + sun), fill=_rgb(accents[-1], 200))
    for _ in range(rng.randint(2, 4)):
        y = rng.randint(40, horizon)
        draw.line(
            (0, y, WIDTH, y + rng.randint(-80, 80)),
            fill=_rgb(accents[0], 90),
            width=rng.randint(2, 5),
        )
    image = Image.alpha_composite(image, crisp)

    output = io.BytesIO()
    image.convert("RGB").save(output, "JPEG", quality=85, optimize=True, progressive=True)
    return output.getvalue()


PORTRAIT = 384


def portrait(seed: str) -> bytes:
    """Return a square JPEG of an abstract head-and-shoulders figure for ``seed``."""
    rng = random.Random(seed)
    start, end, *accents = PALETTES[rng.choice(sorted(PALETTES))]
    side = PORTRAIT
    mask = Image.linear_gradient("L").resize((side, side))
    image = Image.composite(
        Image.new("RGB", (side, side), _rgb(end)), Image.new("RGB", (side, side), _rgb(start)), mask
    ).convert("RGBA")
    figure = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(figure)
    tone = _rgb(rng.choice(accents), 235)
    head = rng.randint(62, 78)
    cx, cy = side // 2 + rng.randint(-12, 12), side * 2 // 5
    draw.ellipse((cx - head, cy - head * 1.15, cx + head, cy + head * 1.15), fill=tone)
    shoulders = rng.randint(140, 170)
    draw.ellipse(
        (cx - shoulders, cy + head + 18, cx + shoulders, cy + head + 18 + 2 * shoulders), fill=tone
    )
    image = Image.alpha_composite(image, figure.filter(ImageFilter.GaussianBlur(1.5)))
    output = io.BytesIO()
    image.convert("RGB").save(output, "JPEG", quality=88, optimize=True)
    return output.getvalue()
