"""photos: the media library, images uploaded once and reused by articles."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhotosConfig(AppConfig):
    name = "photos"
    verbose_name = _("Media library")
