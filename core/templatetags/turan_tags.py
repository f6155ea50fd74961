import math

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, get_script_prefix, resolve, reverse
from django.utils import timezone, translation
from django.utils.encoding import escape_uri_path
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core import dates
from core.i18n import LANGUAGE_NAMES, current_language, localized
from core.images import picture_context

register = template.Library()


@register.simple_tag
def label(obj, field, fallback=True, among=None):
    """Render a short translated label; text from another language carries its
    ``lang``. ``among`` limits the fallback to those languages."""
    value = localized(obj, field, fallback=fallback, among=among)
    if value.language != current_language():
        return format_html('<span lang="{}">{}</span>', value.language, value.text)
    return value.text


@register.simple_tag
def text_in(obj, field, among=None):
    """Return the field's text in the current language, falling back like ``label``."""
    return localized(obj, field, among=among).text


@register.simple_tag
def translated(obj, field, fallback=True):
    """Return the field as a ``Localized`` (``.text``, ``.language``), for a ``lang`` attribute."""
    return localized(obj, field, fallback=fallback)


@register.simple_tag
def time_element(moment, style="datetime"):
    """``<time>`` for a moment as readers read it, in Baku time and the page's
    language: ``long_datetime``, or ``long_date`` for ``style`` "date"; its
    ``datetime`` in ISO 8601 to the second (HTML allows at most three digits
    of a second's fraction), without a pattern parsed anew for every card."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    text = dates.long_date(local, weekday=False) if style == "date" else dates.long_datetime(local)
    return format_html('<time datetime="{}">{}</time>', local.isoformat(timespec="seconds"), text)


@register.filter
def long_datetime(value, language=None):
    return dates.long_datetime(value, language)


@register.filter
def long_date(value, language=None):
    """``25 ноября 2017``: a date (or a moment, in Baku) without the weekday."""
    return dates.long_date(value, language, weekday=False)


@register.filter
def language_name(code):
    return LANGUAGE_NAMES.get(code, code)


def equivalent_path(path_info, language):
    """Return the page at ``path_info`` in ``language``: the same view and arguments.

    A path no view answers keeps its tail under the other prefix (a 404 stays
    the same 404, in the other language); without a language prefix it is
    the other language's front page.
    """
    try:
        match = resolve(path_info)
    except Resolver404:
        match = None
    if match is not None and match.url_name:
        with translation.override(language):
            try:
                return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                pass
    prefix = translation.get_language_from_path(path_info)
    if prefix and path_info.startswith(f"/{prefix}/"):
        # path_info is decoded: encode the tail again, or a "%3F" in it would
        # come back as "?" and link to another address.
        return f"{get_script_prefix()}{language}/{escape_uri_path(path_info[len(prefix) + 2 :])}"
    with translation.override(language):
        return reverse("home")


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in every language: (code, name, url, is_current).

    The query string goes along (a search, a quote speaker), except the page
    number: another language has another number of pages.
    """
    request = context["request"]
    current = current_language()
    query = request.GET.copy()
    query.pop("page", None)
    suffix = f"?{query.urlencode()}" if query else ""
    return [
        {
            "code": code,
            "name": name,
            "url": equivalent_path(request.path_info, code) + suffix,
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


#: ``loading`` → the ``<img>``'s loading attributes.
LOADING = {
    # Below the fold: fetched when scrolled near, decoded off the main thread.
    "lazy": ' loading="lazy" decoding="async"',
    # Visible at once, but not what the page is about.
    "eager": "",
    # The page's main image (its largest paint): fetched before the others.
    "high": ' fetchpriority="high"',
}


@register.simple_tag
def picture(obj, field, alt="", sizes=None, loading="lazy", img_class="", box=None):
    """Render ``obj``'s image described by the ``RenditionsField`` ``field``: a
    ``<picture>`` offering its WebP renditions for ``sizes``, the original as the
    ``<img>`` fallback with its width and height, so nothing shifts while it
    loads, and ``loading`` one of ``LOADING``.

    ``box`` (CSS pixels) is a square the image covers (``object-fit: cover``):
    the ``<img>`` gets the box's size and ``sizes`` the width that covers it.
    """
    return picture_markup(picture_context(obj, field), alt, sizes, loading, img_class, box)


def picture_markup(image, alt="", sizes=None, loading="lazy", img_class="", box=None):
    """``{% picture %}``'s HTML for ``image``, a ``picture_context()`` (None: nothing)."""
    if image is None:
        return ""
    width, height = image.get("width"), image.get("height")
    if box:
        if width and height and sizes is None:
            sizes = f"{math.ceil(box * max(1, width / height))}px"
        width = height = box
    attributes = format_html(' class="{}"', img_class) if img_class else mark_safe("")
    if width and height:
        attributes += format_html(' width="{}" height="{}"', width, height)
    attributes += mark_safe(LOADING[loading])
    img = format_html('<img src="{}" alt="{}"{}>', image["src"], alt, attributes)
    if "srcset" not in image:
        return img
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">{}</picture>',
        image["srcset"],
        sizes or "100vw",
        img,
    )


@register.simple_tag(takes_context=True)
def page_link(context, number):
    """The address of page ``number`` of this list: the page's own path with the
    parameters it was asked with, ``page`` replaced, and none at all for page 1
    (never a bare ``?``, which is not the same address to a crawler)."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    if number != 1:
        query["page"] = number
    path = escape_uri_path(request.path)
    return f"{path}?{query.urlencode()}" if query else path
