"""A URLconf that puts the section pages elsewhere (tests/core/test_links.py)."""

from django.urls import include, path

from articles import views

section = path("section/<slug:slug>/", views.SectionView.as_view(), name="section")
urlpatterns = [path("moved/", include(([section], "articles")))]
