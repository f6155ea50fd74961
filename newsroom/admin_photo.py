"""The article form's lead photo: a picker over the media library, with a
thumbnail and the photo's alt text and caption beside the article's caption.

The picker is the admin's autocomplete over ``PhotoAdmin.search_fields``
(caption, alt, credit and tag names in every language), with Django's "+"
popup to upload a new photo from the form. The preview below it is rendered
with the form and redrawn by ``lead-photo.js`` from ``…/lead-photo/<id>/``
when another photo is picked, or when the photo is edited in the change popup.

The body editor's figure picker (``figure-placeholder.js``) reads the same
library from ``…/photos/``, searched as the autocomplete searches it.
"""

from django import forms
from django.contrib import admin
from django.http import Http404, HttpResponseForbidden, JsonResponse
from django.template.loader import render_to_string
from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.i18n import LANGUAGE_CODES, LANGUAGE_NAMES, column
from photos.admin import thumbnail
from photos.models import Photo

#: How many photos the body editor's picker lists at once.
PHOTO_LIBRARY_LIMIT = 24


def photo_json(photo):
    """What the body editor shows of a library photo: its smallest rendition,
    its caption, alt text and credit in every language."""
    image = photo.picture() or {}
    entries = (photo.renditions or {}).get("webp") or []
    thumb = entries[0] if entries and image.get("srcset") else None

    def translations(field):
        return {code: getattr(photo, column(field, code)) or "" for code in LANGUAGE_CODES}

    return {
        "id": photo.pk,
        "thumbnail": photo.image.storage.url(thumb["name"]) if thumb else image.get("src", ""),
        "width": (thumb or image).get("width"),
        "height": (thumb or image).get("height"),
        "caption": translations("caption"),
        "alt": translations("alt"),
        "credit": translations("credit"),
        "credit_label": str(photo.credit_label()),
    }


def preview(photo):
    """The preview's HTML: thumbnail, and per language the photo's alt text and caption."""
    return render_to_string(
        "admin/articles/lead_photo_preview.html",
        {
            "photo": photo,
            "thumbnail": thumbnail(photo, box=240) if photo else "",
            "languages": [
                {
                    "code": code,
                    "name": LANGUAGE_NAMES[code],
                    "alt": getattr(photo, column("alt", code)) or "",
                    "caption": getattr(photo, column("caption", code)) or "",
                }
                for code in LANGUAGE_CODES
            ]
            if photo
            else [],
        },
    )


class LeadPhotoAdminMixin:
    @property
    def media(self):
        # A property, not ``class Media``: the admin class reads only the first
        # ``Media`` of its bases, another mixin's.
        return super().media + forms.Media(
            css={"all": ["turan/admin/photos.css"]}, js=["turan/admin/lead-photo.js"]
        )

    def get_urls(self):
        return [
            path(
                "lead-photo/<int:pk>/",
                self.admin_site.admin_view(self.lead_photo_view),
                name="articles_article_lead_photo",
            ),
            path(
                "photos/",
                self.admin_site.admin_view(self.photo_library_view),
                name="articles_article_photos",
            ),
            *super().get_urls(),
        ]

    def lead_photo_view(self, request, pk):
        """The preview of library photo ``pk``, for the form's picker."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            return HttpResponseForbidden()
        photo = Photo.objects.filter(pk=pk).first()
        if photo is None:
            raise Http404
        return JsonResponse({"html": preview(photo)})

    def photo_library_view(self, request):
        """The media library for the body editor: ``?q=`` searches as the lead
        photo's autocomplete does (``PhotoAdmin.search_fields``: caption, alt,
        credit and tag names in every language), ``?ids=1,2`` fetches."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            return HttpResponseForbidden()
        photos = Photo.objects.all()
        ids = [int(pk) for pk in request.GET.get("ids", "").split(",") if pk.strip().isdigit()]
        if ids:
            photos = photos.filter(pk__in=ids[:100])
        else:
            query = request.GET.get("q", "").strip()
            if query:
                photo_admin = self.admin_site.get_model_admin(Photo)
                photos, duplicates = photo_admin.get_search_results(request, photos, query)
                if duplicates:
                    photos = photos.distinct()
            photos = photos.order_by("-created", "-pk")[:PHOTO_LIBRARY_LIMIT]
        return JsonResponse({"results": [photo_json(photo) for photo in photos]})

    @admin.display(description=_("photo"))
    def lead_photo_preview(self, obj):
        photo = obj.lead_photo if obj and obj.pk else None
        return preview(photo)
