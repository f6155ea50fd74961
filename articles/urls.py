from django.urls import path, register_converter

from articles import views
from articles.converters import IdConverter, TwoDigitConverter, YearConverter

register_converter(IdConverter, "id")
register_converter(YearConverter, "yyyy")
register_converter(TwoDigitConverter, "nn")

app_name = "articles"

urlpatterns = [
    path("article/<id:pk>/", views.ArticleDetailView.as_view(), name="detail-short"),
    path("article/<id:pk>/<str:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("latest/", views.LatestView.as_view(), name="latest"),
    path("section/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    # Every kind of tag, people included: a person's page adds their quotes.
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("quotes/", views.QuoteListView.as_view(), name="quotes"),
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
    path("archive/", views.ArchiveIndexView.as_view(), name="archive"),
    path("archive/<yyyy:year>/", views.YearArchiveView.as_view(), name="archive-year"),
    path(
        "archive/<yyyy:year>/<nn:month>/",
        views.MonthArchiveView.as_view(),
        name="archive-month",
    ),
    path(
        "archive/<yyyy:year>/<nn:month>/<nn:day>/",
        views.DayArchiveView.as_view(),
        name="archive-day",
    ),
]
