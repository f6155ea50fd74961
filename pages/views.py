from django.http import Http404
from django.views.generic import DetailView

from core.i18n import current_language
from pages.models import Page


class PageView(DetailView):
    """A site page in the page's language; a page without that version is a 404."""

    template_name = "pages/page_detail.html"
    context_object_name = "site_page"

    def get_object(self, queryset=None):
        page = Page.objects.public(current_language()).filter(kind=self.kwargs["kind"]).first()
        if page is None:
            raise Http404("No such page in this language.")
        return page

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.object
        build = self.request.build_absolute_uri
        context["canonical_url"] = build(page.get_absolute_url())
        context["page_versions"] = [
            {"code": code, "url": build(page.get_absolute_url(code))}
            for code in page.public_languages()
        ]
        return context
