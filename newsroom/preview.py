"""Previews of language versions that readers cannot see yet (drafts, scheduled).

* ``/<lang>/preview/<id>/``: staff only, on the admin's terms (a session signed
  in with the second factor once they have one, and an editor enrolled first
  when it is required); anyone else gets the 404 of an article that does not
  exist.
* ``/<lang>/preview/s/<token>/``: a link an editor hands to an outside
  reviewer. The token is signed and time-stamped over (article, language,
  ``updated_at``): it works without logging in until it expires
  (``PREVIEW_LINK_MAX_AGE``, 48 hours by default) or until the article is
  saved again, which changes ``updated_at`` and so revokes every link.

Both render the public page's template (through ``articles/article_preview.html``,
which adds the banner and ``noindex``) and are never cached.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib import admin
from django.core import signing
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from articles import selectors
from articles.models import Article
from articles.views import ArticleDetailView, language_versions
from articles.visibility import content_q
from core.i18n import LANGUAGE_CODES, LANGUAGE_NAMES, column, current_language

SALT = "newsroom.preview.shared"
DEFAULT_MAX_AGE = timedelta(hours=48)


def link_max_age() -> timedelta:
    value = getattr(settings, "PREVIEW_LINK_MAX_AGE", DEFAULT_MAX_AGE)
    return value if isinstance(value, timedelta) else timedelta(seconds=value)


def version_stamp(article) -> str:
    """What a link is bound to: the article as last saved."""
    return f"{article.updated_at.timestamp():.6f}"


def _signer():
    return signing.TimestampSigner(salt=SALT)


def shared_token(article, language) -> str:
    return _signer().sign_object([article.pk, language, version_stamp(article)])


def shared_preview_url(article, language) -> str:
    """Return the path of a new shareable preview link for one version."""
    with translation.override(language):
        return reverse("newsroom:preview-shared", kwargs={"token": shared_token(article, language)})


def read_token(token):
    """Return ``(article id, language, stamp, expires)``, or ``None`` when the token is
    tampered with, malformed or expired."""
    signer = _signer()
    max_age = link_max_age()
    try:
        data = signer.unsign_object(token, max_age=max_age)
        signed_at = signing.b62_decode(token.rsplit(signer.sep, 2)[-2])
    except (signing.BadSignature, ValueError):
        return None
    if not (isinstance(data, list) and len(data) == 3):
        return None
    pk, language, stamp = data
    if not isinstance(pk, int) or language not in LANGUAGE_CODES or not isinstance(stamp, str):
        return None
    expires = datetime.fromtimestamp(signed_at, tz=UTC) + max_age
    return pk, language, stamp, expires


@method_decorator(never_cache, name="dispatch")
class PreviewView(ArticleDetailView):
    """The version in the URL's language exactly as readers will see it, marked as a preview."""

    template_name = "articles/article_preview.html"

    def get_queryset(self):
        language = current_language()
        articles = Article.objects.with_public_languages().for_page().filter(content_q(language))
        return selectors.with_related(articles, language)

    def get_article(self, request):
        user = request.user
        # The admin's own test: active staff, signed in with a code once they use
        # one, and enrolled first where REQUIRE_2FA_FOR_EDITORS asks it of them.
        if not (admin.site.has_staff_access(request) and user.has_perm("articles.view_article")):
            raise Http404("No article")
        return self.get_queryset().filter(pk=self.kwargs["pk"]).first()

    def get(self, request, *args, **kwargs):
        language = current_language()
        article = self.get_article(request)
        if article is None:
            raise Http404("No article")
        self.object = article
        versions = language_versions(request, article, language)
        if language not in [version["code"] for version in versions]:
            versions.append(
                {
                    "code": language,
                    "name": LANGUAGE_NAMES[language],
                    "url": request.path,
                    "absolute_url": request.build_absolute_uri(),
                    "current": True,
                }
            )
            versions.sort(key=lambda version: LANGUAGE_CODES.index(version["code"]))
        canonical = article.get_absolute_url(language)
        context = self.get_context_data(
            object=article,
            section=article.section,
            language_versions=versions,
            canonical_url=request.build_absolute_uri(canonical),
            related_articles=selectors.related_articles(article, language),
            is_preview=True,
            preview_status=article.publication_status(language),
            preview_moment=getattr(article, column("published_at", language)),
            preview_expires=getattr(self, "expires", None),
        )
        response = self.render_to_response(context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        # The token is in the address: links in the body must not carry it away.
        response["Referrer-Policy"] = "no-referrer"
        return response


class SharedPreviewView(PreviewView):
    """A preview for anyone holding a valid, unexpired, unrevoked link."""

    def get_article(self, request):
        token = read_token(self.kwargs["token"])
        if token is None:
            return None
        pk, language, stamp, self.expires = token
        if language != current_language():
            return None
        article = self.get_queryset().filter(pk=pk).first()
        if article is None or version_stamp(article) != stamp:
            return None
        return article
