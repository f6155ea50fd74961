"""The demo content files (``demo/content/``) parse and hang together.

No database: these check the files a journalist edits, before any load.
"""

import pytest

from core.i18n import LANGUAGE_CODES
from demo.images import PALETTES
from demo.loader import _QUOTE_KEY, DemoError, read_content
from tags.models import Tag

CONTENT = read_content()
ARTICLES = {row["key"]: row for row in CONTENT.articles}

# The language versions of each article, in load order: the demo shows full
# translations, partial ones and single-language pieces side by side.
LANGUAGE_VERSIONS = {
    "middle-corridor": {"ru", "az", "en"},
    "caspian-gas-europe": {"ru", "az", "en"},
    "caspian-shallowing": {"ru", "az"},
    "karabakh-reconstruction": {"ru", "az"},
    "baku-brussels": {"ru", "en"},
    "green-energy-export": {"ru", "az", "en"},
    "labour-migration": {"ru"},
    "manat-prices": {"ru", "az"},
    "municipalities": {"ru"},
    "georgia-ports": {"ru", "en"},
    "digital-youth": {"ru", "az", "en"},
    "caspian-security": {"ru", "az", "en"},
    "kura-irrigation": {"az", "en"},
    "oil-budget": {"ru"},
    "connectivity-draft": {"ru"},
}


def test_every_article_has_its_language_versions():
    assert list(ARTICLES) == list(LANGUAGE_VERSIONS)
    for key, row in ARTICLES.items():
        assert {code for code in LANGUAGE_CODES if code in row} == LANGUAGE_VERSIONS[key], key
        assert row["original_language"] in LANGUAGE_VERSIONS[key], key
        # Published only in languages it has a version in.
        assert set(row["published"]) <= LANGUAGE_VERSIONS[key], key
        for code in LANGUAGE_VERSIONS[key]:
            version = row[code]
            for field in ("title", "lead", "search_description", "body"):
                assert version[field].strip(), (key, code, field)
            assert version["body"].lstrip().startswith("<"), (key, code)


def test_publication_moments_are_well_formed():
    for key, row in ARTICLES.items():
        for code, spec in row["published"].items():
            assert set(spec) in ({"days_ago", "at"}, {"days_ahead"}), (key, code, spec)


def test_references_resolve():
    sections = {row["slug"] for row in CONTENT.sections}
    tags = {row["slug"]: row for row in CONTENT.tags}
    authors = {row["slug"] for row in CONTENT.authors}
    assert len(sections) == len(CONTENT.sections)
    assert len(tags) == len(CONTENT.tags)
    assert len(authors) == len(CONTENT.authors)
    assert {row["kind"] for row in CONTENT.tags} == set(Tag.Kind.values)
    for key, row in ARTICLES.items():
        assert row["section"] in sections, key
        assert row["authors"] and set(row["authors"]) <= authors, key
        assert row["tags"] and set(row["tags"]) <= set(tags), key
        assert row["palette"] in PALETTES, key
        for code, role in row.get("front_page", {}).items():
            assert role in {"lead", "featured"} and code in row["published"], key
        for code in LANGUAGE_CODES:
            if code in row:
                assert set(_QUOTE_KEY.findall(row[code]["body"])) <= set(CONTENT.quotes), key
    for key, quote in CONTENT.quotes.items():
        assert tags[quote["speaker"]]["kind"] == Tag.Kind.PERSON, key
        assert set(quote["text"]) == set(LANGUAGE_CODES), key
        assert quote["language"] in LANGUAGE_CODES, key
    leads = [
        code
        for row in ARTICLES.values()
        for code, role in row.get("front_page", {}).items()
        if role == "lead"
    ]
    assert sorted(leads) == sorted(set(leads)), "one lead story per language"
    for account in CONTENT.accounts:
        assert account.get("author") is None or account["author"] in authors


def test_translated_names_in_every_language():
    for rows, field in ((CONTENT.sections, "name"), (CONTENT.tags, "name")):
        for row in rows:
            assert set(row[field]) == set(LANGUAGE_CODES), row["slug"]
    for row in CONTENT.authors:
        for field in ("name", "role", "bio"):
            assert set(row[field]) == set(LANGUAGE_CODES), (row["slug"], field)


def test_a_broken_file_names_itself(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "sections.toml").write_text('[[sections]]\nslug = "unclosed\n')
    with pytest.raises(DemoError, match="sections.toml"):
        read_content(tmp_path)


def test_an_article_file_needs_its_number(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "labour-migration.toml").write_text("")
    with pytest.raises(DemoError, match="NN-key"):
        read_content(tmp_path)


def test_captions_leave_the_credit_to_the_photo():
    # The loader gives each photo its credit ("Illustration: Turan"); a caption
    # that names it too prints it twice under the picture.
    for key, row in ARTICLES.items():
        for code in LANGUAGE_VERSIONS[key]:
            caption = row[code].get("caption", "")
            assert "Turan" not in caption and "Туран" not in caption, (key, code, caption)
