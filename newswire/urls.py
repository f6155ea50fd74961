from django.urls import path, re_path

from newswire.api import api
from newswire.errors import not_found_view

urlpatterns = [
    path("api/v1/", api.urls),
    # Anything else under /api/ answers in JSON too, never with the site's HTML page.
    re_path(r"^api/", not_found_view, name="api-not-found"),
]
