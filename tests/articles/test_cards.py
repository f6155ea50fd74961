"""List cards (articles/cards.py): one statement per page of cards, and a
teaser written in Python exactly as the template include wrote it."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.template import engines
from django.utils import translation
from PIL import Image

from articles import cards
from articles.models import Article, Byline
from authors.models import Author
from photos.models import Photo
from tests.media import give_lead_photo

pytestmark = pytest.mark.django_db

# includes/article_teaser.html as the lists rendered it, one include per card.
TEASER_TEMPLATE = """{% load i18n turan_tags article_tags %}
<article class="teaser{% if article.lead_photo %} teaser--image{% endif %}">
    {% if article.lead_photo %}
        {% comment %}The alt text or caption only, never the title again: the heading beside it says that.{% endcomment %}
        {% with alt=article.lead_image_alt %}
        <div class="teaser__image">
            {% if card %}
                {% photo_picture article.lead_photo "4x3" alt=alt sizes="(min-width: 64rem) 20rem, (min-width: 48rem) 31vw, 6.5rem" %}
            {% elif forloop.counter <= 2 %}
                {% photo_picture article.lead_photo "4x3" alt=alt sizes="(min-width: 48rem) 10rem, 6.5rem" loading="eager" %}
            {% else %}
                {% photo_picture article.lead_photo "4x3" alt=alt sizes="(min-width: 48rem) 10rem, 6.5rem" %}
            {% endif %}
        </div>{% endwith %}
    {% endif %}
    <p class="teaser__meta">{% if show_section is not False %}<a href="{{ article.section.get_absolute_url }}">{% label article.section "name" %}</a> · {% endif %}{% time_element article.published_at %}</p>
    {% if level == 3 %}<h3 class="teaser__title">{% else %}<h2 class="teaser__title">{% endif %}<a href="{{ article.get_absolute_url }}">{{ article.title }}</a>{% if level == 3 %}</h3>{% else %}</h2>{% endif %}
    {% if article.lead %}<p class="teaser__lead">{{ article.lead }}</p>{% endif %}
    {% if article.bylines.all %}<p class="teaser__byline">{% for byline in article.bylines.all %}{% if not forloop.first %}, {% endif %}<a href="{{ byline.author.get_absolute_url }}" rel="author">{% label byline.author "name" %}</a>{% endfor %}
</p>{% endif %}
</article>
"""


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.QUARANTINE_ROOT = tmp_path / "quarantine"


def jpeg(size):
    data = BytesIO()
    Image.new("RGB", size, "navy").save(data, "JPEG")
    return ContentFile(data.getvalue())


@pytest.fixture
def varied(make_article, make_section):
    """Cards of every shape: image or none, lead, caption, bylines with fallback names."""
    # A section named in Russian only: other languages fall back, with lang.
    section = make_section(name_az="", name_en="")
    plain = make_article(public=("ru", "az", "en"), section=section)
    full = make_article(
        public=("ru", "az", "en"),
        lead_en="Talks <resume> & stall",
        lead_ru="Переговоры",
        caption_en='Ministers "at the table"',
    )
    give_lead_photo(full, jpeg((1600, 900)), alt_ru="Краны в порту")
    bare = make_article(public=("en",))  # an image without renditions
    old = give_lead_photo(bare)
    Photo.objects.filter(pk=old.pk).update(image="articles/old.jpg", renditions={})
    for position, name in enumerate(["Leyla <Ə>", ""]):
        author = Author.objects.create(name_en=name, name_ru="Автор", name_az="")
        Byline.objects.create(article=full, author=author, position=position)
    return Article.objects.for_list().filter(pk__in=[plain.pk, full.pk, bare.pk])


@pytest.mark.parametrize("code", ["ru", "az", "en"])
@pytest.mark.parametrize(
    "variant",
    [
        {"level": 2, "show_section": True, "card": False},
        {"level": 3, "show_section": True, "card": False},
        {"level": 3, "show_section": False, "card": True},
    ],
)
def test_teaser_is_what_the_template_wrote(varied, code, variant):
    template = engines["django"].from_string(TEASER_TEMPLATE)
    with translation.override(code):
        articles = list(varied.public(code))
        listed = cards.CardList("since", code, {"start": min_moment(articles, code)}, 20)
        assert listed.count() == len(articles) > 0
        rows = listed[0:20]
        written = []
        for counter, article in enumerate(articles, start=1):
            expected = template.render(
                {"article": article, "forloop": {"counter": counter}, **variant}
            )
            from_instance = cards.teaser(
                cards.Card.of(article),
                counter=counter,
                image=variant["card"],
                level=variant["level"],
                show_section=variant["show_section"],
            )
            from_row = cards.teaser(
                rows[counter - 1],
                counter=counter,
                image=variant["card"],
                level=variant["level"],
                show_section=variant["show_section"],
            )
            assert from_instance == expected
            assert from_row == expected
            written.append(expected)
    page = "".join(written)
    assert (
        "<picture>" in page and 'rel="author"' in page and "&lt;resume&gt;" in page or code != "en"
    )
    assert '<span lang="ru">' in page or code == "ru"


def min_moment(articles, code):
    return min(getattr(article, f"published_at_{code}") for article in articles)


def test_a_page_of_cards_is_one_query(make_article, make_section, django_assert_num_queries):
    section = make_section()
    for number in range(25):
        make_article(public=("en",), section=section, title_en=f"Piece {number}")
    with translation.override("en"):
        listed = cards.CardList("section", "en", {"value": section.pk}, 20, expected=20)
        with django_assert_num_queries(1):
            assert listed.count() == 25
            titles = [card.title for card in listed[20:25]]
    # Newest first: the five oldest, by id since they share a moment.
    assert titles == [f"Piece {number}" for number in range(4, -1, -1)]


def test_a_page_past_every_list_is_empty_not_an_error(make_article, make_section):
    section = make_section()
    make_article(public=("en",), section=section)
    listed = cards.CardList("section", "en", {"value": section.pk}, 20, expected=10**30)
    assert listed.count() == 1
    assert listed[10**30 : 10**30 + 20] == []


# includes/quote_card.html as the quotes archive and person pages rendered it.
QUOTE_CARD_TEMPLATE = """{% load i18n turan_tags article_tags %}
{% translated quote "text" as words %}{% translated quote "speaker_role" as role %}
<figure class="quote-card">
    <blockquote{% if words.language != LANGUAGE_CODE %} lang="{{ words.language }}"{% endif %}><p>{{ words.text|linebreaksbr }}</p></blockquote>
    <figcaption>
        {% if show_speaker is not False %}<a class="quote-card__speaker" href="{{ quote.speaker.get_absolute_url }}">{% label quote.speaker "name" %}</a>{% if role %}, {% endif %}{% endif %}
        {% if role %}<span class="quote-card__role"{% if role.language != LANGUAGE_CODE %} lang="{{ role.language }}"{% endif %}>{{ role.text }}</span>{% endif %}
        <span class="quote-card__meta">
            {% if quote.said_on %}<time datetime="{{ quote.said_on|date:"Y-m-d" }}">{{ quote.said_on|long_date }}</time>{% else %}<time datetime="{{ quote.source_published|date:"Y-m-d\\TH:i:sO" }}">{{ quote.source_published|long_date }}</time>{% endif %}
            {% if quote.source_pk %} · <a href="{% article_url quote.source_pk quote.source_slug %}">{{ quote.source_title }}</a>{% endif %}
        </span>
    </figcaption>
</figure>
"""


@pytest.fixture
def quoted(make_article):
    """Quotes of every shape: dated or not, roles and words falling back to other
    languages, line breaks and markup-like text, as the archive reads them."""
    from datetime import date

    from articles import selectors
    from quotes.models import Quote
    from tags.models import Tag

    speaker = Tag.objects.create(kind=Tag.Kind.PERSON, name_ru="Ариф <Керимов>", name_en="")
    quotes = [
        Quote.objects.create(
            speaker=speaker,
            text_ru="Первая строка,\nвторая & <b>третья</b>.",
            text_en='Words "in" English.',
            speaker_role_az="nazir müavini",
            said_on=date(2024, 3, 9),
        ),
        Quote.objects.create(speaker=speaker, text_az="Yalnız azərbaycanca söz."),
    ]
    body = "".join(f'<p>Text.</p><figure data-quote="{quote.pk}"></figure>' for quote in quotes)
    article = make_article(
        public=("ru", "az", "en"), body_ru=body, body_az=body, body_en=body, title_en="A & B"
    )
    article.quotes.add(*quotes)
    return lambda code: list(selectors.public_quotes(code))


@pytest.mark.parametrize("code", ["ru", "az", "en"])
@pytest.mark.parametrize("show_speaker", [True, False])
def test_quote_card_is_what_the_template_wrote(quoted, code, show_speaker):
    template = engines["django"].from_string(QUOTE_CARD_TEMPLATE)
    with translation.override(code):
        quotes = quoted(code)
        assert len(quotes) == 2
        for quote in quotes:
            expected = template.render(
                {"quote": quote, "show_speaker": show_speaker, "LANGUAGE_CODE": code}
            )
            assert cards.quote_card(quote, show_speaker) == expected


def test_a_lists_total_is_kept_per_content_version_and_moment(client, make_article, make_section):
    """The total is counted once per version; a publication, a save or a
    scheduled moment gives the pagination its new total at once."""
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    section = make_section(slug="kept")
    now = timezone.now()
    for number in range(20):
        make_article(
            section=section, public=("en",), published_at_en=now - timedelta(hours=number + 1)
        )
    scheduled = make_article(
        section=section, title_en="Scheduled", published_at_en=now + timedelta(hours=1)
    )

    assert 'rel="next"' not in client.get("/en/section/kept/").text
    assert 'rel="next"' not in client.get("/en/section/kept/").text  # the kept total

    with time_machine.travel(now + timedelta(hours=1, seconds=1), tick=False):
        assert 'href="/en/section/kept/?page=2"' in client.get("/en/section/kept/").text

    scheduled.published_at_en = now - timedelta(minutes=1)
    scheduled.save()
    make_article(section=section, public=("en",), published_at_en=now - timedelta(minutes=2))
    page = client.get("/en/section/kept/").text
    assert 'href="/en/section/kept/?page=2"' in page
    assert client.get("/en/section/kept/?page=2").text.count('<article class="teaser') == 2
