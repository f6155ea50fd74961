from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html

from turan import dates
from turan.i18n import LANGUAGE_NAMES, current_language, localized

register = template.Library()


@register.simple_tag
def label(obj, field, fallback=True):
    """Render a short translated label; text from another language carries its ``lang``."""
    value = localized(obj, field, fallback=fallback)
    if value.language != current_language():
        return format_html('<span lang="{}">{}</span>', value.language, value.text)
    return value.text


@register.simple_tag
def text_in(obj, field):
    """Return the field's text in the current language, falling back like ``label``."""
    return localized(obj, field).text


@register.filter
def long_datetime(value, language=None):
    return dates.long_datetime(value, language)


@register.filter
def language_name(code):
    return LANGUAGE_NAMES.get(code, code)


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in every language: (code, name, url, is_current)."""
    request = context["request"]
    current = current_language()
    links = []
    for code, name in settings.LANGUAGES:
        url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links
