"""Previews of language versions that readers cannot see yet (drafts, scheduled).

* ``/<lang>/preview/<id>/``: staff only, on the admin's terms (a session signed
  in with the second factor once they have one, and an editor enrolled first
  when it is required); anyone else gets the 404 of an article that does not
  exist.
* ``/<lang>/preview/s/<token>/``: a link an editor hands to an outside
  reviewer. The token is signed and time-stamped over (article, language,
  ``updated_at``, the editor who made it): it works without logging in until
  it expires (``PREVIEW_LINK_MAX_AGE``, 48 hours by default) or until the
  article is saved again, which changes ``updated_at`` and so revokes every
  link. An expired or replaced link answers 410 with a page, in the link's
  language, that says which and names the editor to ask for a new one; a
  link that was never signed is the plain 404.

Both render the public page's template (through ``articles/article_preview.html``,
which adds the banner and ``noindex``) and are never cached.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core import signing
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from articles import selectors
from articles.models import Article
from articles.views import ArticleDetailView, language_versions
from articles.visibility import content_q
from core.i18n import LANGUAGE_CODES, LANGUAGE_NAMES, column, current_language
from newsroom.models import PendingChange
from newsroom.pending import with_pending

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


def shared_token(article, language, user=None) -> str:
    maker = user.pk if user is not None and user.pk is not None else None
    return _signer().sign_object([article.pk, language, version_stamp(article), maker])


def shared_preview_url(article, language, user=None) -> str:
    """Return the path of a new shareable preview link for one version, made by ``user``."""
    with translation.override(language):
        return reverse(
            "newsroom:preview-shared", kwargs={"token": shared_token(article, language, user)}
        )


@dataclass
class SharedLink:
    pk: int
    language: str
    stamp: str
    expires: datetime
    maker_id: int | None = None

    @property
    def expired(self):
        return self.expires <= timezone.now()

    def maker_name(self):
        """Who made the link (to ask for a new one), or None when unknown."""
        if self.maker_id is None:
            return None
        user = get_user_model().objects.filter(pk=self.maker_id, is_active=True).first()
        if user is None:
            return None
        return user.get_full_name() or user.get_username()


def read_token(token):
    """Return the ``SharedLink`` a token names, expired or not, or ``None`` when it
    is tampered with or malformed (never signed by the site)."""
    signer = _signer()
    try:
        data = signer.unsign_object(token)
        signed_at = signing.b62_decode(token.rsplit(signer.sep, 2)[-2])
    except (signing.BadSignature, ValueError):
        return None
    if not (isinstance(data, list) and len(data) in (3, 4)):
        return None
    pk, language, stamp, *rest = data
    maker = rest[0] if rest else None
    if not isinstance(pk, int) or language not in LANGUAGE_CODES or not isinstance(stamp, str):
        return None
    if maker is not None and not isinstance(maker, int):
        return None
    expires = datetime.fromtimestamp(signed_at, tz=UTC) + link_max_age()
    return SharedLink(pk, language, stamp, expires, maker)


class LinkGone(Exception):
    """A real link that no longer works: ``reason`` is "expired" or "replaced"."""

    def __init__(self, link, reason):
        super().__init__(reason)
        self.link, self.reason = link, reason


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
            **self.preview_extra(article, language),
        )
        response = self.render_to_response(context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        # The token is in the address: links in the body must not carry it away.
        response["Referrer-Policy"] = "no-referrer"
        return response

    def preview_extra(self, article, language):
        """The pending change of a live version, linked from its preview."""
        if not PendingChange.objects.filter(article=article, language=language).exists():
            return {}
        return {"pending_url": reverse("newsroom:preview-pending", kwargs={"pk": article.pk})}


class PendingPreviewView(PreviewView):
    """A live version with its pending change put on it (staff only): what readers
    will see once it is published."""

    def get_article(self, request):
        article = super().get_article(request)
        if article is None:
            return None
        self.change = with_pending(article, current_language())
        return article if self.change is not None else None

    def preview_extra(self, article, language):
        return {
            "preview_pending": self.change,
            "live_url": reverse("newsroom:preview", kwargs={"pk": article.pk}),
        }


class SharedPreviewView(PreviewView):
    """A preview for anyone holding a valid, unexpired, unrevoked link."""

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except LinkGone as gone:
            return link_gone(request, gone.link, gone.reason)

    def get_article(self, request):
        link = read_token(self.kwargs["token"])
        if link is None:
            return None
        # A dead link says so under any language prefix: the page's language
        # switcher leads to the same explanation in the reader's language.
        if link.expired:
            raise LinkGone(link, "expired")
        article = self.get_queryset().filter(pk=link.pk).first()
        if article is None or version_stamp(article) != link.stamp:
            raise LinkGone(link, "replaced")
        # A working link shows only the version it was signed for.
        if link.language != current_language():
            return None
        self.expires = link.expires
        return article


def link_gone(request, link, reason):
    """410: the link was real but has expired or been replaced; who to ask."""
    response = render(
        request,
        "newsroom/preview_link_gone.html",
        {"reason": reason, "expired_at": link.expires, "maker": link.maker_name()},
        status=410,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response
