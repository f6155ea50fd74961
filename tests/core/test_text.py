import pytest

from core.text import ascii_slug, opening_text, quote_ids, sanitize_html


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        (
            "НАТО и Азербайджан: контакты и разногласия",
            "nato-i-azerbaydzhan-kontakty-i-raznoglasiya",
        ),
        ("Щедрый урожай: съезд в Хачмазе", "shchedryy-urozhay-sezd-v-khachmaze"),
        (
            "NATO və Azərbaycan: təmaslar, fikir ayrılıqları",
            "nato-ve-azerbaycan-temaslar-fikir-ayriliqlari",
        ),
        ("Şəki, Gəncə, Ağdam, Quba: çətin üç ölkə", "seki-gence-agdam-quba-cetin-uc-olke"),
        ("İlham İsmayılov", "ilham-ismayilov"),
        ("NATO–Azerbaijan: Contact and Differences", "nato-azerbaijan-contact-and-differences"),
        ("«!!!»", ""),
    ],
)
def test_ascii_slug_transliterates(text, slug):
    assert ascii_slug(text) == slug


def test_slug_is_shortened_on_a_word_boundary():
    slug = ascii_slug("слово " * 60, max_length=40)

    assert len(slug) <= 40
    assert slug.endswith("slovo")


def test_sanitize_keeps_the_editor_vocabulary():
    html = (
        "<h2>H</h2><p><strong>b</strong> <em>i</em> <a href='https://x.org'>l</a></p>"
        "<ul><li>1</li></ul><ol><li>2</li></ol><blockquote><p>q</p></blockquote>"
        '<figure data-quote="7"></figure>'
    )

    cleaned = sanitize_html(html)

    for fragment in (
        "<h2>",
        "<strong>",
        "<em>",
        'href="https://x.org"',
        "<ul>",
        "<ol>",
        "<blockquote>",
    ):
        assert fragment in cleaned
    assert quote_ids(cleaned) == [7]


def test_empty_editor_output_is_empty():
    assert sanitize_html("<p></p>") == ""
    assert sanitize_html("<p><br></p>") == ""
    assert sanitize_html(None) == ""


@pytest.mark.parametrize(
    "element", ["noscript", "style", "xmp", "plaintext", "textarea", "title", "noembed", "iframe"]
)
def test_an_unclosed_raw_text_element_costs_only_itself(element):
    """Pasted HTML with an unclosed <noscript>, <style>… keeps the rest of the body."""
    pasted = f"<p>First.</p><{element}><p>Second <strong>bold</strong>.</p><ul><li>Third</li></ul>"

    cleaned = sanitize_html(pasted)

    assert cleaned == "<p>First.</p><p>Second <strong>bold</strong>.</p><ul><li>Third</li></ul>"


def test_a_style_inside_math_or_svg_keeps_the_rest():
    assert sanitize_html("<p>a</p><math><style><p>b</p>") == "<p>a</p><p>b</p>"
    assert sanitize_html("<p>a</p><svg><style>x</style></svg><p>b</p>") == "<p>a</p><p>b</p>"


def test_closed_script_and_style_lose_their_code_and_other_elements_keep_their_text():
    html = "<p>a</p><script>alert(1)</script><style>p{}</style><noscript>kept</noscript><p>b</p>"

    assert sanitize_html(html) == "<p>a</p>kept<p>b</p>"


def test_tables_and_rules_survive_with_their_cells_and_nothing_else():
    html = (
        '<table style="min-width: 50px"><colgroup><col style="min-width: 25px"></colgroup>'
        '<tbody><tr><th colspan="1" rowspan="1"><p>Год</p></th>'
        '<th colspan="2" rowspan="1" class="x"><p>Тонн</p></th></tr>'
        '<tr><td rowspan="3"><p>2025</p></td><td colspan="x">1 200 000</td></tr></tbody></table><hr>'
    )

    assert sanitize_html(html) == (
        '<table><tbody><tr><th><p>Год</p></th><th colspan="2"><p>Тонн</p></th></tr>'
        '<tr><td rowspan="3"><p>2025</p></td><td>1 200 000</td></tr></tbody></table><hr>'
    )


@pytest.mark.parametrize(
    ("pasted", "kept"),
    [
        ("<h1>Итоги</h1>", "<h2>Итоги</h2>"),
        ('<h1 class="title">Итоги</h1>', "<h2>Итоги</h2>"),
        ("<h2>Итоги</h2>", "<h2>Итоги</h2>"),
        ("<h3>Итоги</h3>", "<h3>Итоги</h3>"),
        ("<h4>Qeyd</h4>", "<h3>Qeyd</h3>"),
        ("<H5>Qeyd</H5>", "<h3>Qeyd</h3>"),
        ("<h6>Note</h6>", "<h3>Note</h3>"),
    ],
)
def test_headings_come_to_the_editors_two_levels(pasted, kept):
    assert sanitize_html(pasted) == kept


def test_a_table_is_not_the_opening_text():
    html = (
        "<table><tbody><tr><th><p>Год</p></th><th><p>Тонн</p></th></tr>"
        "<tr><td><p>2025</p></td><td><p>1 200 000</p></td></tr></tbody></table>"
        "<p>Экспорт вырос.</p>"
    )

    assert opening_text(html) == "Экспорт вырос."
