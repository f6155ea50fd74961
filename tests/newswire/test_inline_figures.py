"""Photos placed in a body, as the partners' API writes them out."""

import pytest

from tests.media import jpeg_file, make_photo
from tests.newswire.conftest import assert_valid

pytestmark = pytest.mark.django_db


def test_the_api_writes_the_figure_out_in_html_and_text(api, make_article, media_root):
    photo = make_photo(
        jpeg_file((1600, 900)),
        caption_az="Bakı limanı",
        alt_az="Konteynerlər üzərində kranlar",
        credit_en="Turan",
    )
    article = make_article(
        public=("az",), body_az=f'<p>Mətn.</p><figure data-photo="{photo.pk}"></figure>'
    )
    item = api.json(f"/api/v1/items/{article.pk}/az")
    assert_valid(item)

    html, text = (body["value"] for body in item["bodies"])
    name = photo.renditions["webp"][2]["name"]
    assert f'<figure><img src="http://testserver/media/{name}"' in html
    assert 'alt="Konteynerlər üzərində kranlar" width="1200" height="675"' in html
    assert "<figcaption>Bakı limanı Foto: Turan</figcaption></figure>" in html
    assert "data-photo" not in html
    assert text.splitlines() == ["Mətn.", "Bakı limanı Foto: Turan"]
