"""The search page's results, written in Python (``search.views.result_html()``)
exactly as the template's loop wrote them, and read without model instances."""

import pytest
from django.template import Context, Template
from django.utils import translation

from search import views
from search.engine import Result, search_articles, snippet

pytestmark = pytest.mark.django_db

# templates/search.html's loop over the results, as it was before result_html().
TEMPLATE_LOOP = Template(
    "{% load turan_tags %}{% for article in articles %}\n"
    '                    <li class="search-result">\n'
    '                        <h2 class="search-result__title"><a href="{{ article.get_absolute_url }}">'
    "{{ article.title }}</a></h2>\n"
    '                        <p class="search-result__meta"><a href="{{ article.section.get_absolute_url }}">'
    '{% label article.section "name" %}</a> · {% time_element article.published_at %}</p>\n'
    "                        {% if article.snippet %}"
    '<p class="search-result__snippet">{{ article.snippet }}</p>{% endif %}\n'
    "                    </li>\n"
    "                {% endfor %}"
)


def as_the_template_wrote(results):
    shown = [
        {
            "get_absolute_url": result.get_absolute_url,
            "title": result.title,
            "section": result.section,
            "published_at": result.published_at,
            "snippet": snippet(result),
        }
        for result in results
    ]
    return TEMPLATE_LOOP.render(Context({"articles": shown}))


@pytest.mark.parametrize("language", ["ru", "az", "en"])
def test_results_are_written_as_the_template_loop_wrote_them(language, make_article, make_section):
    untranslated = make_section(name_az="", name_en="")  # its name falls back, with its lang
    for number, section in enumerate([make_section(), untranslated]):
        make_article(
            public=(language,),
            section=section,
            **{
                f"title_{language}": f'Caspian <b>gas</b> & "oil" {number}',
                f"lead_{language}": "The gas <i>route</i> & its price.",
                f"body_{language}": "<p>Gas flows west; the route is new.</p>",
                f"slug_{language}": f"caspian-gas-{number}",
            },
        )

    with translation.override(language):
        results = search_articles("gas", language)[0:20]
        assert len(results) == 2
        # One with no excerpt: its paragraph is left out.
        bare = Result(*(getattr(results[0], name) for name in Result.__slots__))
        bare.headline = ""
        shown = [*results, bare]
        written = views.results_html(shown)

        assert written == as_the_template_wrote(shown)
    assert "&lt;b&gt;gas&lt;/b&gt; &amp; &quot;oil&quot;" in written
    assert '<p class="search-result__snippet">' in written
    if language != "ru":
        assert '<span lang="ru">Аналитика</span>' in written
