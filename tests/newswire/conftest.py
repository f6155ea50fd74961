import io
import json
from functools import cache

import pytest
from django.core.files.base import ContentFile
from jsonschema import Draft202012Validator, FormatChecker
from PIL import Image

from newswire.models import Partner
from newswire.ninjs import SCHEMA_PATH


@cache
def validator():
    schema = json.loads(SCHEMA_PATH.read_text())
    return Draft202012Validator(schema, format_checker=FormatChecker())


def assert_valid(item):
    """The item validates against IPTC's ninjs 3.1 schema (the file kept in the repository)."""
    errors = sorted(validator().iter_errors(item), key=lambda error: list(error.path))
    assert not errors, [f"{list(error.path)}: {error.message}" for error in errors]


def jpeg(size=(1000, 560)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="lead-photo.jpg")


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def make_partner(db):
    def make(name="Partner Daily", **fields):
        partner = Partner.objects.create(name=name, **fields)
        _key, token = partner.issue_key()
        partner.token = token
        return partner

    return make


@pytest.fixture
def partner(make_partner):
    return make_partner()


class Api:
    def __init__(self, client, token):
        self.client = client
        self.token = token

    def get(self, path, token=None, **extra):
        token = self.token if token is None else token
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        return self.client.get(path, **headers, **extra)

    def json(self, path, **extra):
        response = self.get(path, **extra)
        assert response.status_code == 200, (response.status_code, response.content[:500])
        return response.json()


@pytest.fixture
def api(client, partner):
    return Api(client, partner.token)
