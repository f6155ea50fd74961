from django.urls import path, register_converter

from articles import views
from articles.converters import IdConverter

register_converter(IdConverter, "id")

app_name = "articles"

urlpatterns = [
    path("article/<id:pk>/", views.ArticleDetailView.as_view(), name="detail-short"),
    path("article/<id:pk>/<str:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("section/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
]
