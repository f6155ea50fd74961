"""Azerbaijani inflection: a query word in any form finds the article holding
the noun's base form, and does not find a different noun that shares its
beginning.

The recall set is nouns of the demo and archive vocabulary, each in its own
article in the base form only, searched for in inflected forms (plural,
possessive, case and their chains, as written with the Azerbaijani letters);
the control set is words whose articles must not be found by other nouns
sharing their beginning. The figures are printed (``pytest -s``) and
asserted: at least 90% recall, at most 5% false matches.
"""

import pytest
from django.db import connection

from articles.models import Article
from search import azerbaijani
from search.engine import match_conditions, search_articles

pytestmark = pytest.mark.django_db

BACK, FRONT = set("aıou"), set("eəiöü")
VOWELS = BACK | FRONT


def last_vowel(word):
    return next((letter for letter in reversed(word.lower()) if letter in VOWELS), "a")


def two_way(word):
    return "a" if last_vowel(word) in BACK else "ə"


def four_way(word):
    return {"a": "ı", "ı": "ı", "o": "u", "u": "u", "ö": "ü", "ü": "ü"}.get(last_vowel(word), "i")


def ends_in_vowel(word):
    return word[-1].lower() in VOWELS


def voiced(word):
    """The stem before an ending that starts with a vowel: maraq → marağ, külək → küləy
    (words of more than one syllable only)."""
    if sum(letter in VOWELS for letter in word.lower()) < 2:
        return word
    return {"q": word[:-1] + "ğ", "k": word[:-1] + "y"}.get(word[-1], word)


def add(word, ending):
    """``word`` + ``ending``, with the ending's vowels (A, I) in harmony."""
    ending = ending.replace("A", two_way(word)).replace("I", four_way(word))
    if ending[0] in VOWELS:
        word = voiced(word)
    return word + ending


def plural(word):
    return add(word, "lAr")


def possessive(word, person):
    """1 my, 3 his/her/its, 4 our."""
    if person == 3:
        return add(word, "sI" if ends_in_vowel(word) else "I")
    ending = {1: "m", 4: "mIz"}[person]
    return add(word, ending if ends_in_vowel(word) else "I" + ending)


def case(word, name, after_third_person=False):
    vowel = ends_in_vowel(word)
    if after_third_person:
        ending = {"gen": "nIn", "acc": "nI", "dat": "nA", "loc": "ndA", "abl": "ndAn"}[name]
    else:
        ending = {
            "gen": "nIn" if vowel else "In",
            "acc": "nI" if vowel else "I",
            "dat": "yA" if vowel else "A",
            "loc": "dA",
            "abl": "dAn",
        }[name]
    return add(word, ending)


FORMS = {
    "plural": plural,
    "gen": lambda word: case(word, "gen"),
    "acc": lambda word: case(word, "acc"),
    "dat": lambda word: case(word, "dat"),
    "loc": lambda word: case(word, "loc"),
    "abl": lambda word: case(word, "abl"),
    "his": lambda word: possessive(word, 3),
    "his+loc": lambda word: case(possessive(word, 3), "loc", after_third_person=True),
    "his+gen": lambda word: case(possessive(word, 3), "gen", after_third_person=True),
    "plural+loc": lambda word: case(plural(word), "loc"),
    "plural+gen": lambda word: case(plural(word), "gen"),
    "plural+our+abl": lambda word: case(possessive(plural(word), 4), "abl"),
    "our+dat": lambda word: case(possessive(word, 4), "dat"),
    "my": lambda word: possessive(word, 1),
    "plural+their+dat": lambda word: case(possessive(plural(word), 3), "dat", True),
}
NOUN_FORMS = ("plural", "gen", "dat", "loc", "abl", "his+loc", "plural+our+abl")
# Two more forms per noun, in turn.
MORE_FORMS = (
    "plural+loc",
    "his",
    "acc",
    "plural+gen",
    "his+gen",
    "our+dat",
    "my",
    "plural+their+dat",
)
# Proper names take no possessive.
NAME_FORMS = ("gen", "acc", "dat", "loc", "abl")

# Nouns of the demo articles and of the archive generator's vocabulary.
NOUNS = (
    "liman konteyner bazar neft qaz büdcə sərhəd region tranzit islahat saziş hökumət "
    "parlament nazirlik marşrut infrastruktur cəmiyyət valyuta kredit ticarət tarif "
    "siyasət strategiya qərar məsələ maraq proses investisiya dəhliz dəniz sahil enerji "
    "ixrac qiymət tərəf danışıq seçki təhlükəsizlik əməkdaşlıq iqtisadiyyat inkişaf "
    "tikinti külək günəş məhsul konvensiya axın tarla dövlət ölkə körpü gömrük yük "
    "manat bank"
).split()
NAMES = ("Bakı", "Xəzər", "Qarabağ", "Gürcüstan", "Avropa")

# (query, the word whose article it must not find): different nouns sharing
# a beginning, each noun with its own article.
CONTROL = [
    *((query, "bazar") for query in ("baza", "bazada", "bazalar", "bazanın", "bazaya")),
    *((query, "baza") for query in ("bazar", "bazarda", "bazarlar", "bazarın")),
    *((query, "qazanc") for query in ("qaz", "qazın", "qaza", "qazlar", "qazan")),
    *((query, "qazan") for query in ("qaz", "qazda")),
    *((query, "kreditor") for query in ("kredit", "kreditlər", "kreditin")),
    *((query, "prosessor") for query in ("proses", "prosesdə", "proseslər")),
    *((query, "qərargah") for query in ("qərar", "qərarlar", "qərarın")),
    *((query, "marşrut") for query in ("marş", "marşlar")),
    *((query, "günəş") for query in ("gün", "günə", "günlər")),
    *((query, "yoldaş") for query in ("yol", "yolda", "yollar")),
    *((query, "dənizçi") for query in ("dəniz", "dənizdə")),
    *((query, "bankir") for query in ("bank", "bankın", "banklar")),
    *((query, "neftçi") for query in ("neft", "neftin")),
    *((query, "məhsuldarlıq") for query in ("məhsul", "məhsullar")),
    *((query, "xəbərdarlıq") for query in ("xəbər", "xəbərlər")),
    *((query, "tərəfdaş") for query in ("tərəf", "tərəflər")),
    *((query, "siyasətçi") for query in ("siyasət", "siyasətdə")),
]
CONTROL_ONLY = {
    "baza qazan qazanc kreditor prosessor qərargah marş yoldaş yol dənizçi bankir neftçi "
    "məhsuldarlıq xəbər xəbərdarlıq tərəfdaş siyasətçi gün"
}


def recall_set():
    pairs = [(FORMS[form](noun), noun) for noun in NOUNS for form in NOUN_FORMS]
    for number, noun in enumerate(NOUNS):
        for form in (MORE_FORMS[number % 8], MORE_FORMS[(number + 3) % 8]):
            pairs.append((FORMS[form](noun), noun))
    pairs += [(FORMS[form](name), name) for name in NAMES for form in NAME_FORMS]
    # The chains of the issue itself.
    pairs += [
        ("limanlarımızdan", "liman"),
        ("limanı", "liman"),
        ("konteynerlər", "konteyner"),
        ("konteyneri", "konteyner"),
        ("Bakıdakı", "Bakı"),
        ("limanınkı", "liman"),
        ("büdcəsidir", "büdcə"),
        ("marağımızı", "maraq"),
        ("körpülərinə", "körpü"),
        ("gömrüyündən", "gömrük"),
    ]
    return list(dict(pairs).items())


@pytest.fixture
def lexicon(make_article):
    """One article per word, holding it in its base form only."""
    words = set(NOUNS) | set(NAMES) | set(" ".join(CONTROL_ONLY).split())
    articles = {}
    for word in sorted(words):
        article = make_article(
            public=("az",),
            title_az=f"{word.capitalize()} haqqında qısa qeyd",
            lead_az="",
            body_az="<p>Redaksiyanın arxivindən.</p>",
        )
        articles[word] = article.pk
    return articles


def found(query):
    """The public Azerbaijani versions whose words match ``query`` (search's own
    text condition: the typo fallback, which compares titles by trigrams when
    the words find less than a page, is measured apart)."""
    text = match_conditions(query, "az")["text"]
    return set(Article.objects.public("az").filter(text).values_list("pk", flat=True))


def measure(lexicon, matches):
    """(recall, false-match share, the misses, the false matches) of ``matches(query)``."""
    recall = recall_set()
    misses = [(query, word) for query, word in recall if lexicon[word] not in matches(query)]
    false = [(query, word) for query, word in CONTROL if lexicon[word] in matches(query)]
    return (1 - len(misses) / len(recall), len(false) / len(CONTROL), misses, false)


def test_the_recall_set_is_large_and_made_of_inflected_forms():
    forms = recall_set()

    assert len(forms) >= 200
    assert len({query for query, _word in forms}) == len(forms)
    assert all(query != word for query, word in forms)
    # A few written out, to check the generator's harmony and consonant rules.
    assert {
        "limanlarımızdan",
        "büdcəsində",
        "marağında",
        "küləyində",
        "körpülərimizdən",
        "Xəzərdə",
        "Qarabağa",
        "sərhədlərimizdən",
        "gömrüyündə",
        "tikintisində",
    } <= {query for query, _word in forms}


def test_inflected_forms_find_the_base_form_and_spare_other_nouns(lexicon):
    recall, false_share, misses, false = measure(lexicon, found)

    print(
        f"\nAzerbaijani inflection: recall {recall:.1%} of {len(recall_set())} forms,"
        f" false matches {false_share:.1%} of {len(CONTROL)} control queries"
        f"\n  missed: {misses}\n  false: {false}"
    )
    assert recall >= 0.90, misses
    assert false_share <= 0.05, false


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("limanlar", "Bakı limanı: yeni terminal"),
        ("limanlarımızdan", "Bakı limanı: yeni terminal"),
        ("LIMANLARI", "Bakı limanı: yeni terminal"),
        ("konteynerlər", "Terminalda hər gün yüz konteyner"),
        ("konteyneri", "Terminalda hər gün yüz konteyner"),
        ("konteynerlerimizden", "Terminalda hər gün yüz konteyner"),
    ],
)
def test_a_search_for_an_inflected_form_finds_the_base_form(make_article, query, title):
    make_article(public=("az",), title_az=title, body_az="<p>Yükdaşıma artır.</p>")
    make_article(public=("az",), title_az="Başqa xəbər", body_az="<p>Kənd həyatı.</p>")

    assert [article.title for article in search_articles(query, "az")] == [title]


def test_the_other_candidates_measured_on_the_same_sets(lexicon):
    """Prefix matching (the former behaviour) and PostgreSQL's Turkish Snowball
    stemmer over Azerbaijani text with ə as e: both measured for the record."""

    def prefix(query):
        raw = " & ".join(f"'{word}':*" for word in azerbaijani.fold(query).split())
        return _matching(
            "to_tsvector('simple', turan_fold(title_az))", "to_tsquery('simple', %s)", raw
        )

    def turkish(query):
        return _matching(
            "to_tsvector('turkish', translate(title_az, 'Əə', 'Ee'))",
            "plainto_tsquery('turkish', translate(%s, 'Əə', 'Ee'))",
            query,
        )

    figures = {}
    for name, matches in (("prefix", prefix), ("turkish", turkish), ("lexicon", found)):
        recall, false_share, _misses, _false = measure(lexicon, matches)
        figures[name] = (recall, false_share)
        print(f"\n{name}: recall {recall:.1%}, false matches {false_share:.1%}")

    # The lexicon, which search uses, does better than either.
    assert figures["lexicon"][0] > max(figures["prefix"][0], figures["turkish"][0])
    assert figures["lexicon"][1] <= min(figures["prefix"][1], figures["turkish"][1])


def _matching(document, tsquery, value):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM articles_article WHERE {document} @@ {tsquery}", [value])
        return {pk for (pk,) in cursor.fetchall()}


def test_words_of_an_edited_version_are_read_in_their_inflected_forms(make_article):
    article = make_article(public=("az",), title_az="Yeni xəbər", body_az="<p>Mətn.</p>")
    assert search_articles("terminallarda", "az")[0:20] == []

    article.body_az = "<p>Bakıda yeni terminal açılır.</p>"
    article.save()

    assert [found.pk for found in search_articles("terminallarda", "az")[0:20]] == [article.pk]


def test_a_beginning_of_a_word_still_finds_it(make_article):
    make_article(public=("az",), title_az="Azərbaycanlılar xaricdə", body_az="<p>Mətn.</p>")

    assert [a.title for a in search_articles("azərb", "az")] == ["Azərbaycanlılar xaricdə"]
