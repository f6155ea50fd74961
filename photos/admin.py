from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import TranslatedAdmin
from core.i18n import columns
from photos.models import Photo


def thumbnail(photo, box=96):
    """An ``<img>`` of ``photo``'s smallest rendition (the original for a row
    without renditions), read from the row: no file is opened."""
    image = photo.picture()
    if image is None:
        return ""
    entries = (photo.renditions or {}).get("webp") or []
    src = photo.image.storage.url(entries[0]["name"]) if entries else image["src"]
    return format_html(
        '<img class="photo-thumbnail" src="{}" alt="" width="{}" height="{}">',
        src,
        box,
        round(box * image["height"] / image["width"]) if image.get("width") else box,
    )


@admin.register(Photo)
class PhotoAdmin(TranslatedAdmin):
    fieldsets = [
        (None, {"fields": ["image", "focal_point", "focal_x", "focal_y"]}),
        (_("Text"), {"fields": ["caption", "alt", "credit_kind", "credit"]}),
        (_("Rights"), {"fields": ["source", "licence"]}),
        (None, {"fields": ["tags"]}),
    ]
    readonly_fields = ["focal_point"]
    list_display = ["list_thumbnail", "__str__", "credit_kind", "list_credit", "updated"]
    list_display_links = ["list_thumbnail", "__str__"]
    # Not by tag: thousands of them; the search box finds tags by name.
    list_filter = ["credit_kind"]
    search_fields = [
        *columns("caption"),
        *columns("alt"),
        *columns("credit"),
        *columns("tags__name"),
    ]
    autocomplete_fields = ["tags"]
    date_hierarchy = "created"

    class Media:
        css = {"all": ["turan/admin/photos.css"]}
        js = ["turan/admin/focal-point.js"]

    @admin.display(description=_("image"))
    def list_thumbnail(self, photo):
        return thumbnail(photo)

    @admin.display(description=_("credit"))
    def list_credit(self, photo):
        return str(photo.credit or "")

    @admin.display(description=_("focal point"))
    def focal_point(self, photo):
        """The image to click: the focal point follows the click (focal-point.js)."""
        image = photo.picture() if photo and photo.pk else None
        src = image["src"] if image else ""
        return format_html(
            '<div class="focal-point" data-focal-point>'
            '<img src="{}" alt="{}" data-focal-image{}>'
            '<span class="focal-point-marker" aria-hidden="true"></span></div>'
            '<p class="help">{}</p>',
            src,
            _("The image: click where its subject is"),
            "" if src else " hidden",
            _("Click the image where its subject is: every crop keeps that point in view."),
        )
