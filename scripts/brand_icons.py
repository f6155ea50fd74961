"""Draw Turan's mark into static/brand/: the SVG favicon, its PNG sizes and favicon.ico.

    .venv/bin/python scripts/brand_icons.py

The mark is a split "T" on the site's accent red: a crossbar cut on the slant
at its left end, and below a gap, a stem cut on the slant at its foot, like a
pen's nib. One geometry (a 32-unit square) makes every file, so the SVG and
the PNG renders cannot drift apart; running the script again rewrites the same
bytes.
"""

from pathlib import Path

from PIL import Image, ImageDraw

BRAND = Path(__file__).resolve().parent.parent / "static" / "brand"

RED = "#8a1c1c"  # --accent in static/css/site.css
WHITE = "#ffffff"
UNIT = 32
RADIUS = 7  # the tile's corners, in units
# The glyph's two strokes, as polygons in the 32-unit square.
CROSSBAR = ((8, 7), (26, 7), (26, 11), (6, 11))
STEM = ((14, 13), (18, 13), (18, 23), (14, 25))
# Drawn this many times larger, then scaled down: Pillow draws without anti-aliasing.
SUPERSAMPLE = 8

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    f'<rect width="32" height="32" rx="{RADIUS}" fill="{RED}"/>'
    f'<path fill="{WHITE}" d="M8 7h18v4H6zM14 13h4v10l-4 2z"/>'
    "</svg>\n"
)


def render(width, height, *, rounded=True, scale=1.0):
    """The mark on a ``width`` × ``height`` tile (units are ``height / 32``).

    ``rounded`` gives the tile its corners (transparent outside them); without,
    the red fills the whole image, as maskable and Apple touch icons need.
    ``scale`` shrinks the glyph about the tile's centre."""
    big_w, big_h = width * SUPERSAMPLE, height * SUPERSAMPLE
    unit = big_h / UNIT
    image = Image.new("RGBA", (big_w, big_h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if rounded:
        draw.rounded_rectangle((0, 0, big_w - 1, big_h - 1), radius=RADIUS * unit, fill=RED)
    else:
        draw.rectangle((0, 0, big_w, big_h), fill=RED)
    centre_x, centre_y = big_w / 2, big_h / 2
    for polygon in (CROSSBAR, STEM):
        points = [
            (centre_x + (x - UNIT / 2) * unit * scale, centre_y + (y - UNIT / 2) * unit * scale)
            for x, y in polygon
        ]
        draw.polygon(points, fill=WHITE)
    return image.resize((width, height), Image.Resampling.LANCZOS)


# name: (width, height, options). The maskable icon keeps the glyph inside the
# central circle (radius 40 %) that every platform's mask leaves visible; iOS
# rounds the Apple touch icon itself and paints transparency black, so it has none.
PNGS = {
    "favicon-32.png": (32, 32, {}),
    "apple-touch-icon.png": (180, 180, {"rounded": False, "scale": 0.9}),
    "icon-192.png": (192, 192, {}),
    "icon-512.png": (512, 512, {}),
    "icon-maskable-512.png": (512, 512, {"rounded": False, "scale": 0.8}),
    # The Atom feeds' <logo>, which RFC 4287 wants twice as wide as tall.
    "logo-wide.png": (240, 120, {}),
}
# The picture a shared page without its own image shows (Open Graph, Twitter):
# 1.91:1 as both want it, the mark small at the centre of the red field, so a
# square crop of it still shows the whole mark.
SHARE_IMAGE = ("share.png", 1200, 630)
ICO_SIZES = (16, 32, 48)


def main():
    BRAND.mkdir(parents=True, exist_ok=True)
    (BRAND / "favicon.svg").write_text(SVG, encoding="utf-8")
    for name, (width, height, options) in PNGS.items():
        render(width, height, **options).save(BRAND / name, optimize=True)
    name, width, height = SHARE_IMAGE
    share = render(width, height, rounded=False, scale=0.5).convert("RGB")
    share.save(BRAND / name, optimize=True)
    # Each size drawn on its own rather than shrunk from the largest.
    largest, *smaller = (render(size, size) for size in reversed(ICO_SIZES))
    largest.save(
        BRAND / "favicon.ico",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=smaller,
    )


if __name__ == "__main__":
    main()
