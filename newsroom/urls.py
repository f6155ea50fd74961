from django.urls import path

# The id converter is registered with the article URLs.
import articles.urls  # noqa: F401
from newsroom import preview

app_name = "newsroom"

urlpatterns = [
    # Staff previews and shareable preview links (never public, never cached).
    path("preview/<id:pk>/", preview.PreviewView.as_view(), name="preview"),
    path(
        "preview/<id:pk>/pending/",
        preview.PendingPreviewView.as_view(),
        name="preview-pending",
    ),
    path("preview/s/<str:token>/", preview.SharedPreviewView.as_view(), name="preview-shared"),
]
