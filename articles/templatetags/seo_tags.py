"""Head metadata: feed autodiscovery, Open Graph and JSON-LD for article pages."""

import json

from django import template
from django.conf import settings
from django.http import QueryDict
from django.utils.encoding import escape_uri_path
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles import selectors
from articles.feeds import feed_title
from articles.models import Section
from articles.seo import OG_LOCALES, iso_moment, published_at, x_default_language
from authors.models import Author
from core.brand import publisher_logo, share_image
from core.i18n import LANGUAGE_CODES, column, current_language, localized
from core.links import cached_reverse
from core.templatetags.turan_tags import equivalent_path
from core.text import opening_text
from tags.models import Tag

register = template.Library()

# Inside <script> only "</script" and "<!--" end or bend the element; escaping
# every <, > and & (and the JavaScript line separators) rules both out.
# Replaced one by one: str.translate() with a mapping took ~0.4 ms on an
# article's JSON-LD (it looks every character up), str.replace() ~0.01 ms.
_JSON_SCRIPT_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)

# schema.org's properties of a news organisation, by the site page they name.
PUBLISHER_PAGES = {
    "editorial-standards": "publishingPrinciples",
    "corrections-policy": "correctionsPolicy",
    "ownership": "ownershipFundingInfo",
}

_FEEDS = ((Section, "feeds:section"), (Tag, "feeds:tag"), (Author, "feeds:author"))


@register.simple_tag(takes_context=True)
def feed_links(context):
    """The feeds a page offers: the language's main feed, and the feed of the
    section, tag or author a list page is about."""
    links = [
        {
            "title": feed_title(),
            "url": cached_reverse("feeds:all"),
            "rss": cached_reverse("feeds:all-rss"),
        }
    ]
    # The list views name their subject ``heading_object`` (and also ``section``,
    # ``tag`` or ``author``); an article page's ``section`` is not its subject.
    candidates = [context.get("heading_object"), context.get("tag"), context.get("author")]
    if "article" not in context:
        candidates.append(context.get("section"))
    seen = set()
    for subject in candidates:
        for model, url_name in _FEEDS:
            if isinstance(subject, model) and (model, subject.pk) not in seen:
                seen.add((model, subject.pk))
                url = cached_reverse(url_name, subject.slug)
                rss = cached_reverse(f"{url_name}-rss", subject.slug)
                links.append({"title": feed_title(subject), "url": url, "rss": rss})
    return links


@register.filter
def json_ld(data):
    """Render ``data`` as a JSON-LD script element that no string inside can close."""
    text = json.dumps(data, ensure_ascii=False)
    for character, escaped in _JSON_SCRIPT_ESCAPES:
        text = text.replace(character, escaped)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def article_metadata(context, article):
    """Everything the head says about an article version, for Open Graph,
    Twitter cards and JSON-LD, from what the page has already fetched."""
    request = context["request"]
    language = current_language()
    absolute = request.build_absolute_uri
    codes = article.public_languages() or [language]
    versions = [
        {
            "code": code,
            "url": absolute(article.get_absolute_url(code)),
            "title": article.version(code).title,
        }
        for code in codes
    ]
    url = context.get("canonical_url") or absolute(article.get_absolute_url(language))
    version = article.version(language)
    title = version.title
    description = version.description
    photo = article.lead_photo
    # Open Graph gets the original (JPEG or PNG as uploaded: every site that
    # reads og:image takes it); JSON-LD the three crops search engines ask for.
    image = absolute(photo.image.url) if photo else ""
    crops = [absolute(url) for url in photo.crop_urls()] if photo else []
    # The original's size, as its renditions recorded it when it was stored.
    renditions = (photo.renditions if photo else None) or {}
    image_width, image_height = renditions.get("width"), renditions.get("height")
    section = localized(article.section, "name").text
    tags = [localized(tag, "name").text for tag in article.tags.all()]
    authors = [
        {
            "@type": "Organization" if byline.author.is_institution else "Person",
            "name": localized(byline.author, "name").text,
            "url": absolute(byline.author.get_absolute_url()),
        }
        for byline in article.bylines.all()
    ]
    published = iso_moment(published_at(article, language))
    # The version's own last marked change (corrections travel with for_page()).
    modified = iso_moment(article.modified_at(language))
    site_name = str(settings.SITE_NAME)
    home = absolute(cached_reverse("home"))
    default = x_default_language(article)

    publisher = publisher_data(request, language, "Organization")

    news_article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "description": description,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": language,
        "author": authors,
        "publisher": publisher,
        "articleSection": section,
    }
    if published:
        news_article["datePublished"] = published
    if modified:
        news_article["dateModified"] = modified
    if image:
        news_article["image"] = crops or [image]
    if tags:
        news_article["keywords"] = tags
    news_article.update(translation_links(article, language, versions))

    breadcrumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": item}
            for position, (name, item) in enumerate(
                [
                    (site_name, home),
                    (
                        section,
                        absolute(article.section.get_absolute_url()),
                    ),
                    (title, url),
                ],
                start=1,
            )
        ],
    }

    return {
        "language": language,
        "title": title,
        "description": description,
        "url": url,
        "image": image,
        "image_width": image_width if image else None,
        "image_height": image_height if image else None,
        "share_image": share_image(absolute),
        # Another language's caption only from a version readers may see.
        "image_alt": (article.lead_image_alt(language) or article.lead_caption(language).text)
        if photo
        else "",
        "locale": OG_LOCALES.get(language, language),
        "locale_alternates": [
            OG_LOCALES.get(v["code"], v["code"]) for v in versions if v["code"] != language
        ],
        "x_default": absolute(article.get_absolute_url(default)) if default else "",
        "published": published,
        "modified": modified,
        "section": section,
        "tags": tags,
        "authors": authors,
        "site_name": site_name,
        "news_article": news_article,
        "breadcrumbs": breadcrumbs,
    }


def publisher_data(request, language, kind):
    """The newsroom as schema.org has it: name, home, logo with its size and the
    pages that say how it works, where they exist in ``language``."""
    absolute = request.build_absolute_uri
    publisher = {
        "@type": kind,
        "name": str(settings.SITE_NAME),
        "url": absolute(cached_reverse("home")),
        "logo": publisher_logo(absolute),
    }
    # Read with the header's sections, per content version; none for previews.
    version_key = getattr(request, "content_version", None)
    if version_key is not None:
        until = getattr(request, "content_until", None)
        for kind_, _title, path in selectors.site_pages(language, version_key, until):
            if name := PUBLISHER_PAGES.get(kind_):
                publisher[name] = absolute(path)
    return publisher


def translation_links(article, language, versions):
    """Link this version to the others: the original-language version is the
    work, the other public versions translate it."""
    original = article.original_language
    public = {v["code"] for v in versions}

    def ref(version):
        return {
            "@type": "NewsArticle",
            "url": version["url"],
            "inLanguage": version["code"],
            "headline": version["title"],
        }

    translations = [ref(v) for v in versions if v["code"] != original]
    if language == original:
        return {"workTranslation": translations} if translations else {}
    if original in public:
        work = ref(next(v for v in versions if v["code"] == original))
        work["workTranslation"] = translations
        return {"translationOfWork": work}
    # The original is not public: there is no work to link to, and its address
    # must not appear anywhere.
    return {}


# Pages that exist in every language whatever is published (their lists may be
# empty); a section, tag, author or site page exists only where it has content.
_QUERY_KEPT = {"articles:quotes": ("speaker",)}


def _page_languages(context, view_name):
    """The languages this page exists in, for hreflang (as the sitemaps list them)."""
    request = context["request"]
    if view_name == "pages:page":
        return [version["code"] for version in context.get("page_versions", ())]
    subject = context.get("heading_object")
    if view_name == "articles:section" and subject is not None:
        version = getattr(request, "content_version", None)
        until = getattr(request, "content_until", None)
        for section in selectors.navigation_sections(version, until):
            if section.pk == subject.pk:
                return [code for code in LANGUAGE_CODES if getattr(section, column("has", code))]
        return [current_language()]
    if view_name == "articles:quotes" and context.get("speaker") is not None:
        subject = context["speaker"]
    if view_name in ("articles:tag", "articles:author", "articles:quotes") and subject is not None:
        return [code for code in LANGUAGE_CODES if getattr(subject, column("has", code), False)]
    return list(LANGUAGE_CODES)


def page_description(context, view_name, language):
    """The page's own meta description: its subject's own words where the model
    has them, else a sentence naming what the page lists."""
    site = str(settings.SITE_NAME)
    subject = context.get("heading_object")
    if view_name == "articles:section" and subject is not None:
        name = localized(subject, "name").text
        return _("The latest analysis and commentary of %(site)s in the section “%(name)s”.") % {
            "site": site,
            "name": name,
        }
    if view_name == "articles:tag" and subject is not None:
        name = localized(subject, "name").text
        messages = {
            Tag.Kind.PERSON: _("%(name)s: articles of %(site)s about them, and their quotes."),
            Tag.Kind.ORGANISATION: _("%(name)s: articles of %(site)s about the organisation."),
            Tag.Kind.PLACE: _("%(name)s: articles of %(site)s about the place."),
        }
        message = messages.get(subject.kind, _("%(name)s: articles of %(site)s on the topic."))
        return message % {"site": site, "name": name}
    if view_name == "articles:author" and subject is not None:
        bio = localized(subject, "bio", fallback=False).text
        if bio:
            return opening_text(f"<p>{escape(bio)}</p>")
        return _("Articles by %(name)s for %(site)s.") % {
            "site": site,
            "name": localized(subject, "name").text,
        }
    if view_name == "articles:quotes":
        speaker = context.get("speaker")
        if speaker is not None:
            return _("What %(name)s said, as quoted in the articles of %(site)s.") % {
                "site": site,
                "name": localized(speaker, "name").text,
            }
        return _("The words of politicians, officials and experts quoted in our articles.")
    if view_name == "articles:archive":
        return _("Every article of %(site)s by year, month and day of publication.") % {
            "site": site
        }
    if view_name == "articles:archive-year":
        return _("The articles of %(site)s published in %(period)s, month by month.") % {
            "site": site,
            "period": context.get("year"),
        }
    if view_name in ("articles:archive-month", "articles:archive-day"):
        period = context.get("day_label") or context.get("month_label")
        return _("The articles of %(site)s published in %(period)s.") % {
            "site": site,
            "period": period,
        }
    if view_name == "articles:corrections":
        return _("Every correction and update of our articles, newest first.")
    if view_name == "articles:latest":
        return _("The newest articles of %(site)s from every section, newest first.") % {
            "site": site
        }
    if view_name == "pages:page" and context.get("site_page") is not None:
        page = context["site_page"]
        return opening_text(page.body) or str(page.title)
    return _("Independent analysis of politics, economy and society in Azerbaijan and the region.")


def page_title(context, view_name):
    """What the page is called when shared: its ``<title>`` without the site's name."""
    subject = context.get("heading_object")
    if subject is not None:
        return localized(subject, "name").text
    if view_name == "articles:quotes":
        if (speaker := context.get("speaker")) is not None:
            return _("Quotes: %(name)s") % {"name": localized(speaker, "name").text}
        return _("Quotes")
    archive = _("Archive")
    if view_name == "articles:archive":
        return archive
    if view_name == "articles:archive-year":
        return f"{context.get('year')} · {archive}"
    if view_name in ("articles:archive-month", "articles:archive-day"):
        return f"{context.get('day_label') or context.get('month_label')} · {archive}"
    if view_name == "articles:corrections":
        return _("Updates and corrections")
    if view_name == "articles:latest":
        return _("Latest articles")
    if view_name == "pages:page" and context.get("site_page") is not None:
        return str(context["site_page"].title)
    return str(settings.SITE_NAME)


@register.simple_tag(takes_context=True)
def page_metadata(context):
    """Canonical address, hreflang alternates, description, Open Graph and
    Twitter tags of a page that is not an article, from what the page has.

    Page 1 of a list is the page without ``?page``; a later page is its own
    canonical address and names no alternates (another language has another
    number of pages, and the sitemaps list only the first)."""
    request = context["request"]
    match = request.resolver_match
    view_name = match.view_name if match else ""
    language = current_language()
    absolute = request.build_absolute_uri

    query = QueryDict(mutable=True)
    for name in _QUERY_KEPT.get(view_name, ()):
        if value := request.GET.get(name):
            query[name] = value
    page_obj = context.get("page_obj")
    number = page_obj.number if page_obj is not None else 1
    suffix = f"?{query.urlencode()}" if query else ""
    path = escape_uri_path(request.path)
    if number > 1:
        query["page"] = number
    url = absolute(f"{path}?{query.urlencode()}" if query else path)

    alternates, x_default = [], ""
    codes = _page_languages(context, view_name)
    if number == 1:
        alternates = [
            {"code": code, "url": absolute(equivalent_path(request.path_info, code) + suffix)}
            for code in codes
        ]
        if set(codes) == set(LANGUAGE_CODES):
            # The address without a language sends each reader to theirs.
            prefix = f"/{language}/"
            if request.path_info.startswith(prefix):
                x_default = absolute(request.path_info[len(prefix) - 1 :] + suffix)

    title = page_title(context, view_name)
    description = page_description(context, view_name, language)
    if number > 1 and page_obj is not None:
        title = "{} · {}".format(title, _("page %(number)s") % {"number": number})
        description = "{} {}".format(
            description,
            _("Page %(number)s of %(total)s")
            % {"number": number, "total": page_obj.paginator.num_pages},
        )
    image, width, height = share_image(absolute)
    organisation = None
    if view_name == "home":
        organisation = {
            "@context": "https://schema.org",
            **publisher_data(request, language, "NewsMediaOrganization"),
            "description": description,
        }
    return {
        "organisation": organisation,
        "url": url,
        "alternates": alternates,
        "x_default": x_default,
        "title": title,
        "description": description,
        "site_name": str(settings.SITE_NAME),
        "locale": OG_LOCALES.get(language, language),
        "locale_alternates": [OG_LOCALES.get(code, code) for code in codes if code != language],
        "image": image,
        "image_width": width,
        "image_height": height,
        "image_alt": str(settings.SITE_NAME),
    }
