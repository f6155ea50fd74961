"""The article form's lead photo: a picker over the media library, with a
thumbnail and the photo's alt text and caption beside the article's caption.

The picker is the admin's autocomplete over ``PhotoAdmin.search_fields``
(caption, alt, credit and tag names in every language), with Django's "+"
popup to upload a new photo from the form. The preview below it is rendered
with the form and redrawn by ``lead-photo.js`` from ``…/lead-photo/<id>/``
when another photo is picked.
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

    @admin.display(description=_("photo"))
    def lead_photo_preview(self, obj):
        photo = obj.lead_photo if obj and obj.pk else None
        return preview(photo)
