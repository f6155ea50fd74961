from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import ListView

from articles.models import Article


class HomeView(ListView):
    """The latest public articles in the reader's language."""

    template_name = "home.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.public().for_list()


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    return render(request, "500.html", status=500)
