import pytest
from django.core.management import call_command

from articles.models import Article
from tags.models import Tag

pytestmark = pytest.mark.django_db


def generate(**options):
    call_command("generate_archive", articles=60, tags=50, quotes=20, batch=25, **options)


def test_generates_a_realistic_archive():
    generate()

    assert Article.objects.count() == 60
    assert Tag.objects.filter(kind=Tag.Kind.PERSON).count() >= 20
    # Every article is public in its original language; some also in others.
    for article in Article.objects.all():
        assert article.publication_status(article.original_language) == "public"
    per_language = {code: Article.objects.public(code).count() for code in ("ru", "az", "en")}
    assert per_language["ru"] > per_language["en"] > 0
    sample = Article.objects.public("ru").first()
    words = len(sample.body_ru.split())
    assert 700 <= words <= 1500
    assert sample.tags.count() >= 2 and sample.bylines.count() >= 1
    assert Article.objects.filter(quotes__isnull=False).exists()


def test_is_deterministic_and_does_not_grow_when_big_enough():
    generate()
    first = list(Article.objects.order_by("pk").values_list("title_ru", "original_language")[:10])

    generate()
    assert Article.objects.count() == 60

    Article.objects.all().delete()
    generate()
    again = list(Article.objects.order_by("pk").values_list("title_ru", "original_language")[:10])
    assert again == first
