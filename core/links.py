"""Addresses of pages, reversed once per process and then remembered.

``reverse()`` costs 10–20 µs, and list pages link the same articles and
sections page after page: a front page or a page of search results reversed
forty addresses or more. An address depends only on the view, its arguments,
the active language, the script prefix and the URLconf, and all of them are
in the key, so a remembered address is never another page's.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# A few hundred bytes each: at most a megabyte or so per process.
REMEMBERED = 4096


@lru_cache(maxsize=REMEMBERED)
def _reverse(viewname, args, language, prefix, urlconf):
    # Called with exactly this language, prefix and URLconf active.
    return reverse(viewname, urlconf=urlconf, args=args)


def cached_reverse(viewname, *args):
    """``reverse(viewname, args=args)`` in the active language, remembered."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(viewname, args, get_language(), get_script_prefix(), urlconf)
