from django.urls import path

from pages import views

app_name = "pages"


urlpatterns = [
    # One address per kind, the same in every language (/<lang>/page/about/).
    path("page/<slug:kind>/", views.PageView.as_view(), name="page"),
]
