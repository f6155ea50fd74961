from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import DetailView, ListView

from articles.models import Article, Section
from authors.models import Author
from tags.models import Tag
from turan.i18n import LANGUAGE_NAMES, current_language


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get(self, request, *args, **kwargs):
        language = current_language()
        article = (
            Article.objects.public(language)
            .with_public_languages()
            .for_page()
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if article is None:
            return self.not_public(request, language)
        canonical = article.get_absolute_url(language)
        if request.path != canonical:
            return redirect(canonical, permanent=True)
        self.object = article
        versions = [
            {
                "code": code,
                "name": LANGUAGE_NAMES[code],
                "url": article.get_absolute_url(code),
                "absolute_url": request.build_absolute_uri(article.get_absolute_url(code)),
                "current": code == language,
            }
            for code in article.public_languages()
        ]
        context = self.get_context_data(
            object=article,
            section=article.section,
            language_versions=versions,
            canonical_url=request.build_absolute_uri(canonical),
        )
        return self.render_to_response(context)

    def not_public(self, request, language):
        """404 in the reader's language, naming the languages the article *is* public in."""
        article = Article.objects.with_public_languages().filter(pk=self.kwargs["pk"]).first()
        alternatives = []
        if article is not None:
            alternatives = [
                (code, article.get_absolute_url(code))
                for code in article.public_languages()
                if code != language
            ]
        return render(request, "404.html", {"alternatives": alternatives}, status=404)


class ArticleListView(ListView):
    """A paginated list of public articles; subclasses narrow it."""

    context_object_name = "articles"
    paginate_by = 20
    template_name = "articles/article_list.html"

    def get_queryset(self):
        return Article.objects.public().for_list()


class SectionView(ArticleListView):
    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().in_section(self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading_object=self.section, section=self.section, **kwargs)


class AuthorView(ArticleListView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, heading_object=self.author, **kwargs)


class TagView(ArticleListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading_object=self.tag, **kwargs)
