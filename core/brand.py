"""The site's mark as files: where scripts/brand_icons.py puts them and how big they are.

Addresses come from ``static()``, so production names them with their content
hash (cached for a year) and a redrawn mark reaches readers at once.
"""

from django.templatetags.static import static

# --accent and --paper in static/css/site.css; templates/includes/brand_links.html
# repeats the first as theme-color.
THEME_COLOR = "#8a1c1c"
BACKGROUND_COLOR = "#fdfcfa"

FAVICON = "brand/favicon.ico"
APPLE_TOUCH_ICON = "brand/apple-touch-icon.png"
# A news publisher's logo is shown in a wide, short box (schema.org's
# NewsArticle.publisher.logo, the home's NewsMediaOrganization): the wide mark,
# with its size, rather than the square icon.
PUBLISHER_LOGO = ("brand/logo-wide.png", 240, 120)
# What a shared page without an image of its own shows (Open Graph, Twitter).
SHARE_IMAGE = ("brand/share.png", 1200, 630)
# RFC 4287: a feed's icon is square, its logo twice as wide as tall.
FEED_ICON = "brand/icon-192.png"
FEED_LOGO = "brand/logo-wide.png"

MANIFEST_ICONS = (
    {"src": "brand/favicon.svg", "sizes": "any", "type": "image/svg+xml"},
    {"src": "brand/icon-192.png", "sizes": "192x192", "type": "image/png"},
    {"src": "brand/icon-512.png", "sizes": "512x512", "type": "image/png"},
    {
        "src": "brand/icon-maskable-512.png",
        "sizes": "512x512",
        "type": "image/png",
        "purpose": "maskable",
    },
)


def publisher_logo(absolute):
    """The logo as a schema.org ImageObject; ``absolute`` makes a path a full URL."""
    path, width, height = PUBLISHER_LOGO
    return {"@type": "ImageObject", "url": absolute(static(path)), "width": width, "height": height}


def share_image(absolute):
    """``(url, width, height)`` of the default share image; ``absolute`` makes a path a full URL."""
    path, width, height = SHARE_IMAGE
    return absolute(static(path)), width, height


def manifest_icons():
    return [{**icon, "src": static(icon["src"])} for icon in MANIFEST_ICONS]
