"""Hostile input on every public address: never a 500, never reflected unescaped.

Every URL pattern the resolver knows (the admin only for its login page) is
driven by hypothesis with real values from a demo-like database (ids, slugs,
dates, preview tokens), mutations of them and hostile strings, in the path and
in every query parameter the views read. Runs are repeatable
(``derandomize``); ``FUZZ_EXAMPLES`` raises the number of requests per
address for a deeper local run.
"""

import itertools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.http import QueryDict
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.converters import IdConverter, TwoDigitConverter, YearConverter
from articles.models import Article, Section
from articles.sitemaps import SITEMAPS
from authors.models import Author
from core.i18n import LANGUAGE_CODES
from demo.loader import DemoLoader
from newsroom.preview import shared_token
from public.pagecache import SKIPPED_PREFIXES, query_parameters
from tags.models import Tag

# Every test here, even one that only reads the module's data, so that a run
# of a single test still gets the test database.
pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", 20))
ALLOWED = {200, 301, 302, 400, 404}
ROOT = Path(__file__).resolve().parents[2]

# Every query parameter a view, template tag or Django view behind a public
# address reads (test_every_parameter_read_is_fuzzed keeps this complete),
# plus a few that no view reads but that readers and bots send anyway.
PARAMETERS = [
    "page",  # every list (ListView's page_kwarg)
    "q",
    "section",
    "from",
    "to",
    "sort",
    "searched_in",  # search
    "speaker",  # quotes
    "p",  # sitemaps (django.contrib.sitemaps)
    "next",  # admin login, set_language
    "language",  # set_language
    "month",
    "ids",
    "a",
    "b",  # admin views: harmless on public pages, fuzzed all the same
    "lang",
    "tag",
    "year",
    "day",
    "utm_source",
]

# Each payload carries "fuzzmark": if any of these is found in a response raw,
# a value was put on the page unescaped.
INJECTIONS = [
    "<script>fuzzmark(1)</script>",
    '"><img src=x onerror=fuzzmark(2)>',
    "'><svg onload=fuzzmark(3)>",
    '" autofocus onfocus="fuzzmark(4)',
    "' autofocus onfocus='fuzzmark(5)",
    "javascript:fuzzmark(6)",
    "</title></textarea></script><script>fuzzmark(7)</script>",
    "]]><fuzzmark/><![CDATA[",
    "<!--fuzzmark--><![CDATA[fuzzmark]]>",
    "{{ fuzzmark }}{% debug %}{% csrf_token %}",
    "${fuzzmark}#{fuzzmark}<%= fuzzmark %>",
]
UNESCAPED = [
    "<script>fuzzmark",
    "<img src=x onerror=fuzzmark",
    "<svg onload=fuzzmark",
    '" autofocus onfocus="fuzzmark',
    "' autofocus onfocus='fuzzmark",
    "<fuzzmark/>",
    "<!--fuzzmark",
]
JAVASCRIPT_URL = re.compile(rb"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)
CONTROL_IN_URL = re.compile(rb"""(?:href|src|action)="[^"]*[\x00-\x1f]""")
NASTY = [
    "' OR '1'='1",
    "1; DROP TABLE articles_article; --",
    "' UNION SELECT username, password FROM auth_user --",
    "1' AND pg_sleep(5)--",
    "\\",
    "'",
    '"',
    "%",
    "_",
    "%00",
    "\x00",
    "a\x00b",
    "\x01\x1f\x7f",
    "\r\nSet-Cookie: fuzz=1",
    "%0d%0aSet-Cookie:%20fuzz=1",
    "../../../../etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd",
    "..\\..\\windows\\win.ini",
    "//example.com/",
    "/\\example.com",
    "https://example.com/",
    "\u202e\u2066\u200b\ufeff",
    "\u2028\u2029",
    "İıŞşƏəĞğÖöÜüÇç",
    "ǅ\u0345ß\ufb01",
    "\U0001f4a5\U0001f1e6\U0001f1ff",
    "١٢٣",
    "１２",
    " ",
    "",
]
NUMBERS = [
    "0",
    "-1",
    "1",
    "2",
    "3",
    "last",
    "first",
    "1.5",
    "1e3",
    "NaN",
    "inf",
    "0x10",
    " 1",
    "+1",
    "9" * 19,
    "9" * 40,
    "-" + "9" * 40,
    "２",
]
IMPOSSIBLE_DATES = [
    "2017-02-30",
    "2017-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "-2017-01-01",
    "2017-1-1",
    "2017/11/25",
    "25.11.2017",
    "2017-02-29",
    "2016-02-29",
    "2017-11",
    "2017-11-25T12:51",
]
LANGUAGE_PREFIXES = [
    "xx",
    "RU",
    "En",
    "en-us",
    "en-GB",
    "zh-hans",
    "ru_RU",
    "ru-",
    "tr",
    "kk",
    "de",
    "az-latn",
    "i18n",
    "admin",
    "static",
    "media",
]
BROKEN_ENCODINGS = ["%C3%28", "%FF%FE", "%E2%80%AE", "%ZZ", "%", "%%", "%2", "%u0041", "%C0%AF"]


def hostile_text():
    """Random Unicode, injections wrapped in it, very long values and the usual suspects."""
    text = st.text(max_size=30)
    return st.one_of(
        st.sampled_from(INJECTIONS),
        st.builds(lambda a, inj, b: a + inj + b, text, st.sampled_from(INJECTIONS), text),
        st.sampled_from(NASTY),
        st.text(max_size=60),
        st.text(min_size=300, max_size=2000),
        st.sampled_from(["x" * 5000, "я" * 3000, "<" * 2000, "%" * 2000]),
        st.sampled_from(NUMBERS + IMPOSSIBLE_DATES),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
    )


def mutated(strategy):
    """A real value, or one slightly (or badly) changed."""

    def mutations(value):
        return st.one_of(
            st.just(value),
            st.just(value.upper()),
            st.just(value[:-1]),
            st.just(value + "-1"),
            st.just(value + value),
            st.builds(lambda extra: value + extra, hostile_text()),
            st.builds(lambda extra: extra + value, hostile_text()),
        )

    return strategy.flatmap(mutations)


# The site's addresses, walked from the resolver.


@dataclass(frozen=True)
class Route:
    name: str
    # Literal text, "<lang>" for the language prefix, or (param, converter).
    parts: tuple

    def __str__(self):
        return self.name


def _route_parts(pattern):
    if isinstance(pattern, LocalePrefixPattern):
        return ("<lang>", "/")
    if not isinstance(pattern, RoutePattern):
        raise AssertionError(
            f"{pattern!r} is not a path(): teach test_fuzz.py how to build addresses for it"
        )
    parts, route = [], str(pattern)
    for literal, _kind, param in re.findall(r"([^<]*)(?:<(?:(\w+):)?(\w+)>)?", route):
        if literal:
            parts.append(literal)
        if param:
            parts.append((param, type(pattern.converters[param])))
    return tuple(parts)


def public_routes(patterns=None, prefix=(), namespace=""):
    """Every public URL pattern; of the admin, only its login page."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            name = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace == "admin":
                yield Route("admin:login", ("admin/login/",))
                continue
            if entry.namespace == "newswire":
                continue  # the partner API, fuzzed with a key below
            yield from public_routes(entry.url_patterns, prefix + _route_parts(entry.pattern), name)
        elif isinstance(entry, URLPattern):
            if entry.name == "api-not-found":
                continue
            parts = prefix + _route_parts(entry.pattern)
            yield Route(f"{namespace}{entry.name or ''.join(map(str, parts))}", parts)


ROUTES = [*public_routes(), Route("root", ()), Route("no-such-page", ("<lang>", "/nowhere/"))]


def test_every_address_is_driven():
    """The walk finds the site's addresses (a broken walk would fuzz nothing)."""
    names = {route.name for route in ROUTES}
    assert {
        "home",
        "search",
        "robots",
        "sitemap",
        "sitemap-index",
        "set_language",
        "admin:login",
        "articles:detail",
        "newsroom:preview-shared",
        "articles:archive-day",
        "articles:quotes",
        "feeds:author",
    } <= names
    assert not [name for name in names if name.startswith("admin:") and name != "admin:login"]


def test_every_parameter_read_is_fuzzed():
    """A view that starts reading a new query parameter joins the fuzzing."""
    read = set()
    for app in ("articles", "authors", "quotes", "tags", "turan"):
        for source in (ROOT / app).rglob("*.py"):
            text = source.read_text()
            read |= set(re.findall(r"GET(?:\.get\(|\.getlist\(|\[)\s*[\"'](\w+)[\"']", text))
            read |= set(re.findall(r"page_kwarg\s*=\s*[\"'](\w+)[\"']", text))
    from search.views import PARAMETERS as SEARCH_PARAMETERS

    read |= set(SEARCH_PARAMETERS)
    assert read, "found no parameters: the pattern above no longer matches the views"
    assert read <= set(PARAMETERS)


# The database: the demo content (a realistic site in three languages), once
# for the module and rolled back at the end, and for every route a working
# address and the query parameters its view reads.


class RecordingQueryDict(QueryDict):
    """``request.GET`` that notes every parameter name a view asks for."""

    names = set()

    def __getitem__(self, key):
        self.names.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.names.add(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self.names.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.names.add(key)
        return super().getlist(key, default)


def record_parameters(get_response):
    """Test-only middleware: hand the view a ``RecordingQueryDict``."""

    def middleware(request):
        request.GET = RecordingQueryDict(request.META.get("QUERY_STRING", ""))
        return get_response(request)

    return middleware


@dataclass(repr=False)
class Site:
    # For every route: {part index: [real values]}, a working address, the
    # parameters its view reads.
    values: dict
    chosen: dict
    addresses: dict
    reads: dict

    def __repr__(self):
        return "Site(demo content)"


def real_values(route, article, moment, slugs):
    """Candidate real values for each parameter of ``route``."""
    candidates = {}
    for index, part in enumerate(route.parts):
        if part == "<lang>":
            candidates[index] = ["ru", "az", "en"]
        elif isinstance(part, tuple):
            param, converter = part
            if converter is IdConverter:
                candidates[index] = [str(article.pk)]
            elif converter is YearConverter:
                candidates[index] = [f"{moment.year:04d}"]
            elif converter is TwoDigitConverter:
                candidates[index] = [f"{getattr(moment, param, 1):02d}", "01"]
            elif param == "token":
                candidates[index] = [shared_token(article, "ru")]
            elif param == "section" and "sitemap" in route.name:
                candidates[index] = list(SITEMAPS)
            elif param == "slug" and converter.__name__ == "StringConverter":
                candidates[index] = [article.slug_ru]
            else:
                candidates[index] = slugs
    return candidates


def build(route, chosen):
    return "/" + "".join(chosen.get(i, part) for i, part in enumerate(route.parts))


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            assert connection.settings_dict["NAME"].startswith("test_"), "not the test database"
            DemoLoader().load()
            article = Article.objects.public("ru").filter(**{"slug_ru__gt": ""}).first()
            moment = timezone.localtime(article.published_at_ru)
            slugs = [
                *Section.objects.values_list("slug", flat=True),
                *Tag.objects.values_list("slug", flat=True),
                *Author.objects.values_list("slug", flat=True),
            ]
            values, chosen, addresses, reads = {}, {}, {}, {}
            middleware = ["tests.public.test_fuzz.record_parameters", *django_settings.MIDDLEWARE]
            # Off while probing, so every request runs its view and shows what it reads.
            with override_settings(MIDDLEWARE=middleware, PAGE_CACHE_SECONDS=0):
                client = Client()
                for route in ROUTES:
                    values[route.name] = real_values(route, article, moment, slugs)
                    indexes = list(values[route.name])
                    chosen[route.name] = {i: values[route.name][i][0] for i in indexes}
                    for combination in itertools.product(*values[route.name].values()):
                        choice = dict(zip(indexes, combination, strict=True))
                        if client.get(build(route, choice)).status_code == 200:
                            chosen[route.name] = choice
                            break
                    addresses[route.name] = build(route, chosen[route.name])
                    RecordingQueryDict.names = set()
                    client.get(addresses[route.name], follow=True)
                    reads[route.name] = sorted(RecordingQueryDict.names)
            yield Site(values, chosen, addresses, reads)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_the_views_read_only_known_parameters(site):
    """What the probe saw read is fuzzed (the static check's runtime twin)."""
    read = set().union(*site.reads.values())
    assert {"page", "q", "speaker", "p", "next"} <= read
    assert read <= set(PARAMETERS)
    unreachable = {name for name, address in site.addresses.items() if address == "/"}
    assert unreachable <= {"root"}


def test_public_views_read_only_the_parameters_the_page_cache_keeps(site):
    """The page cache keys a page on the parameters its view declares and hands
    the view no others: a view reading one it does not declare would be served
    the wrong page from the cache."""
    undeclared = {}
    for name, address in site.addresses.items():
        path = urlsplit(address).path
        if path.startswith(SKIPPED_PREFIXES) or not site.reads[name]:
            continue
        prefix = path.split("/")[1]
        with translation.override(prefix if prefix in LANGUAGE_CODES else None):
            declared = query_parameters(resolve(path).func)
        if missing := set(site.reads[name]) - declared:
            undeclared[name] = sorted(missing)
    assert undeclared == {}


def check_response(response, sent):
    """Allowed answers only; nothing sent comes back raw; no redirect leaves the site."""
    # The most-read beacon (newsletter/reads.py) takes POST only, and a GET says so.
    beacon = response.status_code == 405 and response.get("Allow") == "POST"
    assert response.status_code in ALLOWED or beacon, f"{response.status_code} for {sent}"
    body = b"".join(response) if response.streaming else response.content
    for marker in UNESCAPED:
        assert marker.encode() not in body, f"{marker!r} reflected raw for {sent}"
    assert not JAVASCRIPT_URL.search(body), f"javascript: URL reflected for {sent}"
    # A decoded control character in a link: the address was not encoded again.
    assert not CONTROL_IN_URL.search(body), f"unencoded link for {sent}"
    for header, content in response.headers.items():
        assert "\n" not in content and "\r" not in content, (header, content)
    assert "fuzz=1" not in response.headers.get("Set-Cookie", "")
    if response.status_code in {301, 302}:
        location = urlsplit(response["Location"])
        assert location.scheme in {"", "http", "https"}, response["Location"]
        assert location.netloc in {"", "testserver"}, f"redirect off the site for {sent}"
        assert not response["Location"].startswith(("//", "/\\")), response["Location"]


# Deterministic: every parameter each view reads, with every payload, on a
# working address. Hypothesis below roams wider.

SWEEP = [
    "<script>fuzzmark(1)</script>\"><img src=x onerror=fuzzmark(2)>' autofocus onfocus='fuzzmark(5)",
    '" autofocus onfocus="fuzzmark(4)',
    "javascript:fuzzmark(6)",
    "]]><fuzzmark/><!--fuzzmark",
    "\x00",
    "9" * 40,
    "-1",
    "x" * 5000,
    "2017-02-30",
    "0001-01-01",
    "9999-12-31",
    "' OR 1=1 --",
    "//example.com/",
]


ODD = {
    IdConverter: ["0", "9" * 18, "9" * 19, "00000000000000000001"],
    YearConverter: ["0000", "0001", "9999", "1969"],
    TwoDigitConverter: ["00", "13", "29", "30", "31", "32", "99"],
}
SEGMENTS = [
    *SWEEP[:4],
    "\x00",
    "x" * 3000,
    "../../etc/passwd",
    "..",
    ".",
    "-",
    "news-xx",
    "' OR 1=1 --",
    "a?b#c\r\n",
    "İstanbul",
]


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_every_path_part_with_every_payload(site, client, route):
    """Each part of a working address (language prefix included) replaced in turn."""
    chosen = site.chosen[route.name]
    for index in chosen:
        part = route.parts[index]
        odd = LANGUAGE_PREFIXES if part == "<lang>" else ODD.get(part[1], [])
        for payload in [*odd, *SEGMENTS]:
            path = build(route, {**chosen, index: quote(payload, safe="")})
            check_response(client.get(path), path)
            check_response(client.get(path + BROKEN_ENCODINGS[0] + "/"), path)
    address = site.addresses[route.name]
    for path in (address.rstrip("/"), address.replace("/", "//"), "/" + address, address + "x/"):
        check_response(client.get(path), path)


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_every_parameter_with_every_payload(site, client, route):
    address = site.addresses[route.name]
    names = site.reads[route.name] or ["page"]
    for name in names:
        for payload in SWEEP:
            sent = f"{address}?{urlencode({name: payload})}"
            check_response(client.get(sent), sent)
    everything = urlencode(dict.fromkeys(PARAMETERS, SWEEP[0]))
    check_response(client.get(f"{address}?{everything}"), address + " (every parameter)")


def language():
    return st.one_of(
        st.sampled_from(LANGUAGE_CODES),
        st.sampled_from(LANGUAGE_PREFIXES),
        hostile_text().map(lambda value: quote(value, safe="")),
    )


def segment(site, route, index):
    """A value for one path parameter: real, mutated, odd for its kind or hostile."""
    part, real = route.parts[index], st.sampled_from(site.values[route.name][index])
    if part == "<lang>":
        return st.one_of(real, real, real, language())
    param, converter = part
    if converter is IdConverter:
        odd = st.sampled_from(["0", "9" * 18, "9" * 19, *NUMBERS])
    elif converter is YearConverter:
        odd = st.sampled_from(["0000", "0001", "9999", "1969", "10000", "017", "20１7"])
    elif converter is TwoDigitConverter:
        odd = st.sampled_from(["00", "13", "29", "30", "31", "32", "99", "1", "001", "-1"])
    elif param == "token":
        odd = st.sampled_from(["x:y:z", "W10:1:abc", "..", "e30:1tq0Yz:AAAA"])
    else:
        odd = st.sampled_from(["-", "_", "a" * 200, "article", "none", "news-xx", "ru.xml"])
    return st.one_of(real, real, real, mutated(real), odd, hostile_text()).map(
        lambda value: value if value in site.values[route.name][index] else quote(value, safe="")
    )


@st.composite
def addresses(draw, site, route):
    chosen = {i: draw(segment(site, route, i)) for i in site.values[route.name]}
    path = build(route, chosen)
    # The shapes of a mangled address: no trailing slash, doubled slashes, a
    # stray encoded byte, an extra segment.
    mangled = st.sampled_from(
        [
            path.rstrip("/"),
            path.replace("/", "//"),
            path + "extra/",
            "/" + path,
            path + "%2e%2e/",
            path + "..%2f..%2f/",
        ]
    ) | st.sampled_from(BROKEN_ENCODINGS).map(lambda bad: path + bad + "/")
    return draw(st.one_of(st.just(path), st.just(path), mangled))


def value():
    return st.one_of(
        hostile_text(),
        st.sampled_from(INJECTIONS),
        st.sampled_from(NUMBERS),
        st.sampled_from(IMPOSSIBLE_DATES),
        st.sampled_from(LANGUAGE_CODES + LANGUAGE_PREFIXES),
    )


@st.composite
def query_strings(draw, site, route):
    """A few parameters (mostly ones the view reads), now and then repeated or badly encoded."""
    names = st.sampled_from([*site.reads[route.name] * 3, *PARAMETERS])
    pairs = draw(st.lists(st.tuples(names, value()), max_size=4))
    query = "&".join(f"{quote(name)}={quote(text, safe='')}" for name, text in pairs)
    if draw(st.integers(0, 9)) == 0:
        bad = st.sampled_from(BROKEN_ENCODINGS)
        query += f"&{draw(bad)}={draw(bad)}"
    return query


def as_wsgi(text):
    """A header as a WSGI server hands it over: the client's UTF-8 bytes read as Latin-1."""
    return text.encode().decode("latin-1")


def headers():
    """What a client sends besides the address: a language cookie, Accept-Language, Host."""
    return st.fixed_dictionaries(
        {},
        optional={
            "HTTP_ACCEPT_LANGUAGE": st.one_of(
                st.sampled_from(["az", "en-GB,en;q=0.9", "xx", "*", "ru;q=abc", ",,;;"]),
                hostile_text().map(as_wsgi),
            ),
            "HTTP_HOST": st.sampled_from(
                ["testserver:8000", "evil.example", "testserver:abc", "a b", "<b>", "[::1"]
            ),
            "cookie": st.one_of(
                st.sampled_from(LANGUAGE_CODES + LANGUAGE_PREFIXES), hostile_text().map(as_wsgi)
            ),
        },
    )


@pytest.mark.parametrize("route", ROUTES, ids=str)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    # Repeatable in CI; FUZZ_RANDOM=1 explores new examples on every run.
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_requests_never_break_a_page(site, route, data):
    path = data.draw(addresses(site, route), label="path")
    query = data.draw(query_strings(site, route), label="query")
    extra = data.draw(headers(), label="headers")
    method = data.draw(st.sampled_from(["get", "get", "get", "head"]), label="method")
    client = Client()
    if "cookie" in extra:
        client.cookies["django_language"] = extra.pop("cookie")
    address = f"{path}?{query}" if query else path

    response = getattr(client, method)(address, **extra)

    check_response(response, address)


# The partner API (/api/v1/), with a valid key: every endpoint, hostile values
# in every parameter it reads, in unknown ones and in the path. The answer is
# JSON, 200 (or 304) for what is fine and 400/404 naming what is not; never 500.

API_PARAMETERS = ["language", "section", "tag", "updated_since", "limit", "cursor"]
API_ALLOWED = {200, 304, 400, 404}


@pytest.fixture(scope="module")
def api_key(site):
    from newswire.models import Partner

    # Inside the module's transaction (the site fixture's), rolled back with it.
    partner = Partner.objects.create(name="Fuzz Wire", receives_embargoed=True, rate_limit=10**6)
    return partner.issue_key()[1]


@pytest.fixture(scope="module")
def api_cursor(site, api_key):
    page = Client().get("/api/v1/items?limit=2", HTTP_AUTHORIZATION=f"Bearer {api_key}")
    assert page.status_code == 200 and page.json()["items"], "the demo content gave no item"
    return page.json()["cursor"]


def check_api_response(response, sent):
    assert response.status_code in API_ALLOWED, f"{response.status_code} for {sent}"
    if response.status_code != 304:
        assert response["Content-Type"] == "application/json", sent
        body = response.json()
        if response.status_code == 400:
            assert body["error"]["parameter"], sent
    for header, content in response.headers.items():
        assert "\n" not in content and "\r" not in content, (header, content)


def api_value(cursor):
    return st.one_of(
        value(),
        st.just(cursor),
        mutated(st.just(cursor)),
        st.sampled_from(["1", "100", "101", "2026-01-01T00:00:00+04:00", "analytics", "en"]),
    )


@settings(
    max_examples=EXAMPLES * 10,
    deadline=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_requests_never_break_the_api(site, api_key, api_cursor, data):
    article = Article.objects.public("en").first()
    path = data.draw(
        st.one_of(
            st.sampled_from(["/api/v1/items", "/api/v1/changes"]),
            st.builds(
                lambda pk, code: f"/api/v1/items/{quote(pk, safe='')}/{quote(code, safe='')}",
                st.one_of(st.just(str(article.pk)), st.sampled_from(NUMBERS), hostile_text()),
                language(),
            ),
        ),
        label="path",
    )
    names = st.sampled_from([*API_PARAMETERS * 3, *PARAMETERS])
    pairs = data.draw(st.lists(st.tuples(names, api_value(api_cursor)), max_size=4), label="query")
    query = "&".join(f"{quote(name)}={quote(text, safe='')}" for name, text in pairs)
    address = f"{path}?{query}" if query else path

    response = Client().get(address, HTTP_AUTHORIZATION=f"Bearer {api_key}")

    check_api_response(response, address)
