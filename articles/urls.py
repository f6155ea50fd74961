from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("article/<int:pk>/", views.ArticleDetailView.as_view(), name="detail-short"),
    path("article/<int:pk>/<str:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("section/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
]
