"""Head metadata: feed autodiscovery, Open Graph and JSON-LD for article pages."""

import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import selectors
from articles.feeds import feed_title
from articles.models import Section
from articles.seo import OG_LOCALES, iso_moment, published_at, x_default_language
from authors.models import Author
from core.brand import publisher_logo
from core.i18n import current_language, localized
from core.links import cached_reverse
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
    links = [{"title": feed_title(), "url": cached_reverse("feeds:all")}]
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
                links.append({"title": feed_title(subject), "url": url})
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

    publisher = {
        "@type": "Organization",
        "name": site_name,
        "url": home,
        "logo": publisher_logo(absolute),
    }
    # The newsroom's own pages, where they exist in this language (read with
    # the header's sections, per content version; none for previews).
    version_key = getattr(request, "content_version", None)
    if version_key is not None:
        until = getattr(request, "content_until", None)
        for kind, _title, path in selectors.site_pages(language, version_key, until):
            if name := PUBLISHER_PAGES.get(kind):
                publisher[name] = absolute(path)

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
