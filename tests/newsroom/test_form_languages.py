"""Every translated input says its language and is spell-checked in it."""

import re

import pytest
from django.urls import reverse

from tests.change_form import FormReader, change_url, client_for

pytestmark = pytest.mark.django_db


class Attributes(FormReader):
    """Each named input's or textarea's attributes in ``<form id=…>``."""

    def __init__(self, form_id):
        super().__init__(form_id)
        self.attributes = {}

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        attrs = dict(attrs)
        if self.inside and tag in {"input", "textarea"} and attrs.get("name"):
            self.attributes.setdefault(attrs["name"], attrs)


def attributes(response, form_id):
    reader = Attributes(form_id)
    reader.feed(response.content.decode())
    return reader.attributes


TEXT_FIELDS = ["title", "lead", "body", "caption", "search_description"]


def test_the_article_forms_translated_fields_carry_their_language(editor, make_article):
    article = make_article()
    response = client_for(editor).get(change_url(article))
    inputs = attributes(response, "article_form")

    for code in ["ru", "az", "en"]:
        for field in TEXT_FIELDS:
            name = f"{field}_{code}"
            assert inputs[name]["lang"] == code, name
            assert inputs[name]["spellcheck"] == "true", name
        # A slug is no prose: no red underlines under it.
        assert inputs[f"slug_{code}"]["lang"] == code
        assert inputs[f"slug_{code}"]["spellcheck"] == "false"
    # The shared fields belong to no language.
    lead_photo = re.search(r'<select name="lead_photo"[^>]*>', response.content.decode())[0]
    # Its only lang is select2's interface language (the admin's), set by Django.
    assert "spellcheck" not in lead_photo


def test_the_body_editor_is_spell_checked_in_its_language(editor, make_article):
    """django-prose-editor's NoSpellCheck is left out; the quote extension sets the
    editable area's lang and spellcheck (tests/browser/test_form_languages.py)."""
    import json
    import re

    html = client_for(editor).get(change_url(make_article())).content.decode()
    for code in ["ru", "az", "en"]:
        match = re.search(
            rf'<textarea[^>]*name="body_{code}"[^>]*data-django-prose-editor-configurable="([^"]*)"',
            html,
        )
        config = json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&"))
        assert "NoSpellCheck" not in config["extensions"]
        assert config["extensions"]["QuotePlaceholder"]["language"] == code


@pytest.mark.parametrize(
    ("url", "form_id", "names"),
    [
        ("admin:tags_tag_add", "tag_form", ["name"]),
        ("admin:authors_author_add", "author_form", ["name", "bio"]),
        ("admin:quotes_quote_add", "quote_form", ["text", "speaker_role"]),
        ("admin:articles_section_add", "section_form", ["name"]),
    ],
)
def test_every_translated_admin_form_names_the_language(editor, admin_user, url, form_id, names):
    inputs = attributes(client_for(admin_user).get(reverse(url)), form_id)

    for name in names:
        for code in ["ru", "az", "en"]:
            assert inputs[f"{name}_{code}"]["lang"] == code
            assert inputs[f"{name}_{code}"]["spellcheck"] == "true"
