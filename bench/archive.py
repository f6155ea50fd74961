"""A deterministic, archive-scale data set for benchmarks and query-plan checks.

Text is assembled from small per-language vocabularies written for this
purpose; it reads like prose in shape (sentences, paragraphs, lists) but is
not meant to be read.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, reset_queries, transaction
from django.utils import timezone

from articles.models import Article, Byline, Section
from authors.models import Author
from core.i18n import LANGUAGE_CODES, column
from quotes.models import Quote
from tags.models import Tag

WORDS = {
    "ru": (
        "переговоры стороны регион энергетика экспорт газ нефть транзит бюджет реформа "
        "соглашение граница безопасность экономика рынок инвестиции правительство парламент "
        "министерство партнёрство маршрут порт инфраструктура выборы общество миграция "
        "занятость инфляция валюта банк кредит торговля тариф сотрудничество политика "
        "развитие стратегия решение вопрос позиция интерес давление диалог процесс "
        "официальный новый важный главный региональный международный экономический "
        "политический энергетический долгосрочный осторожный заметный растущий "
        "обсуждают сохраняют укрепляют меняют ожидают поддерживают оценивают требуют"
    ).split(),
    "az": (
        "danışıqlar tərəflər region enerji ixrac qaz neft tranzit büdcə islahat saziş "
        "sərhəd təhlükəsizlik iqtisadiyyat bazar investisiya hökumət parlament nazirlik "
        "tərəfdaşlıq marşrut liman infrastruktur seçkilər cəmiyyət miqrasiya məşğulluq "
        "inflyasiya valyuta bank kredit ticarət tarif əməkdaşlıq siyasət inkişaf strategiya "
        "qərar məsələ mövqe maraq təzyiq dialoq proses rəsmi yeni vacib əsas regional "
        "beynəlxalq iqtisadi siyasi uzunmüddətli ehtiyatlı nəzərəçarpan artan müzakirə "
        "edir saxlayır gücləndirir dəyişir gözləyir dəstəkləyir qiymətləndirir tələb"
    ).split(),
    "en": (
        "talks parties region energy exports gas oil transit budget reform agreement border "
        "security economy market investment government parliament ministry partnership route "
        "port infrastructure elections society migration employment inflation currency bank "
        "credit trade tariff cooperation policy development strategy decision question "
        "position interest pressure dialogue process official new important main regional "
        "international economic political long-term cautious visible growing discuss keep "
        "strengthen change expect support assess demand"
    ).split(),
}
SYLLABLES = {
    "ru": "ал ан ар ба ва га да ев ер за ил ин ка ли ма на ов ра ри са та ур фа ха ше".split(),
    "az": "al an ar ba və qa da ev ər za il in ka li ma na ov ra ri sə ta ur fa xa şə".split(),
    "en": "al an ar ba va ga da ev er za il in ka li ma na ov ra ri sa ta ur fa kha she".split(),
}
SECTIONS = [
    ("analytics", "Аналитика", "Analitika", "Analytics"),
    ("politics", "Политика", "Siyasət", "Politics"),
    ("economy", "Экономика", "İqtisadiyyat", "Economy"),
    ("society", "Общество", "Cəmiyyət", "Society"),
    ("energy", "Энергетика", "Energetika", "Energy"),
    ("region", "Регион", "Region", "Region"),
    ("world", "Мир", "Dünya", "World"),
    ("interviews", "Интервью", "Müsahibə", "Interviews"),
]
YEARS = 20


@dataclass
class Counts:
    tags: int
    authors: int
    quotes: int


class ArchiveBuilder:
    def __init__(self, seed=2026, progress=None):
        self.random = random.Random(seed)
        self.progress = progress or (lambda message: None)
        self.now = timezone.now()

    # Text ---------------------------------------------------------------

    def sentence(self, language):
        words = self.random.choices(WORDS[language], k=self.random.randint(8, 18))
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def paragraph(self, language):
        return " ".join(self.sentence(language) for _ in range(self.random.randint(5, 7)))

    def body(self, language, quote_ids):
        """About 800–1,200 words: paragraphs, a heading, a list, perhaps a quote."""
        parts = [f"<p>{self.paragraph(language)}</p>" for _ in range(self.random.randint(10, 13))]
        parts.insert(3, f"<h2>{self.sentence(language)[:-1]}</h2>")
        items = "".join(f"<li>{self.sentence(language)}</li>" for _ in range(4))
        parts.insert(6, f"<ul>{items}</ul>")
        if quote_ids:
            parts.insert(5, f'<figure data-quote="{quote_ids[0]}"></figure>')
        return "".join(parts)

    def name(self, language, rng):
        def word():
            return "".join(rng.choices(SYLLABLES[language], k=rng.randint(2, 3))).capitalize()

        return f"{word()} {word()}"

    def translated_name(self, index):
        # The same seed per index gives matching names across languages.
        return {
            column("name", code): self.name(code, random.Random(index * 7 + 1))
            for code in LANGUAGE_CODES
        }

    # Reference data ---------------------------------------------------------

    def sections(self):
        result = []
        for position, (slug, ru, az, en) in enumerate(SECTIONS):
            section, _ = Section.objects.get_or_create(
                slug=slug,
                defaults={"name_ru": ru, "name_az": az, "name_en": en, "position": position},
            )
            result.append(section)
        return result

    def tags(self, count):
        kinds = [Tag.Kind.PERSON] * 5 + [Tag.Kind.ORGANISATION] * 2 + [Tag.Kind.PLACE] * 2
        kinds += [Tag.Kind.TOPIC]
        tags = [
            Tag(
                kind=kinds[index % len(kinds)],
                slug=f"archive-{index}",
                **self.translated_name(index),
            )
            for index in range(count)
        ]
        Tag.objects.bulk_create(tags, batch_size=2000, ignore_conflicts=True)
        return list(Tag.objects.filter(slug__startswith="archive-").order_by("pk"))

    def authors(self, count):
        authors = [
            Author(
                slug=f"archive-author-{index}",
                **self.translated_name(100_000 + index),
                role_ru="Аналитик",
                role_az="Analitik",
                role_en="Analyst",
            )
            for index in range(count)
        ]
        Author.objects.bulk_create(authors, ignore_conflicts=True)
        return list(Author.objects.filter(slug__startswith="archive-author-").order_by("pk"))

    def quotes(self, count, people):
        quotes = []
        for _ in range(count):
            quote = Quote(speaker=self.random.choice(people))
            for code in LANGUAGE_CODES:
                setattr(quote, column("text", code), self.sentence(code))
                setattr(quote, column("speaker_role", code), self.sentence(code)[:60])
            quote.said_on = (self.now - timedelta(days=self.random.randint(0, 365 * YEARS))).date()
            quotes.append(quote)
        return Quote.objects.bulk_create(quotes, batch_size=2000)

    # Articles ---------------------------------------------------------------

    def article(self, sections, quotes):
        rng = self.random
        original = rng.choices(LANGUAGE_CODES, weights=[70, 20, 10])[0]
        others = [code for code in LANGUAGE_CODES if code != original]
        extra = rng.random()
        languages = [original] + (others if extra < 0.2 else others[:1] if extra < 0.5 else [])
        moment = self.now - timedelta(seconds=rng.randint(0, YEARS * 365 * 86400))
        placed = [rng.choice(quotes).pk] if rng.random() < 0.3 else []
        article = Article(section=rng.choice(sections), original_language=original)
        for index, code in enumerate(languages):
            setattr(article, column("title", code), self.sentence(code)[:-1][:200])
            setattr(article, column("lead", code), " ".join(self.sentence(code) for _ in range(2)))
            setattr(article, column("body", code), self.body(code, placed))
            setattr(article, column("caption", code), self.sentence(code)[:200])
            delay = timedelta(hours=rng.randint(1, 72)) if index else timedelta()
            setattr(article, column("published_at", code), moment + delay)
        return article, placed

    def build(self, total, batch=1000, tags=3000, authors=60, quotes=5000):
        sections = self.sections()
        tag_rows = self.tags(tags)
        people = [tag for tag in tag_rows if tag.kind == Tag.Kind.PERSON]
        author_rows = self.authors(authors)
        quote_rows = self.quotes(quotes, people)
        self.progress(f"{len(tag_rows)} tags, {len(author_rows)} authors, {len(quote_rows)} quotes")
        tag_link = Article.tags.through
        quote_link = Article.quotes.through
        done = 0
        while done < total:
            size = min(batch, total - done)
            with transaction.atomic():
                pairs = [self.article(sections, quote_rows) for _ in range(size)]
                created = Article.objects.bulk_create([article for article, _ in pairs])
                bylines, tag_links, quote_links = [], [], []
                for article, (_, placed) in zip(created, pairs, strict=True):
                    chosen = self.random.sample(author_rows, self.random.choice([1, 1, 1, 2, 3]))
                    bylines += [
                        Byline(article=article, author=author, position=position)
                        for position, author in enumerate(chosen)
                    ]
                    tag_links += [
                        tag_link(article=article, tag=tag)
                        for tag in self.random.sample(tag_rows, self.random.randint(2, 8))
                    ]
                    quote_links += [quote_link(article=article, quote_id=pk) for pk in placed]
                Byline.objects.bulk_create(bylines)
                tag_link.objects.bulk_create(tag_links)
                quote_link.objects.bulk_create(quote_links)
            # With DEBUG on Django keeps every query's SQL; the bodies add up to gigabytes.
            reset_queries()
            done += size
            self.progress(f"{done}/{total} articles")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return done
