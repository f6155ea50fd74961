import re
import time

import pytest

from newsletter import reads


@pytest.fixture(autouse=True)
def no_pending_reads():
    """Each test starts and ends with no views waiting in this process."""
    reads._pending.clear()
    reads._state.update(views=0, since=time.monotonic())
    yield
    reads._pending.clear()
    reads._state["views"] = 0


@pytest.fixture(autouse=True)
def newsletter_base(settings):
    settings.NEWSLETTER_BASE_URL = "https://turan.example/"


def link_in(message, path_part):
    """The first https link in a message's text part that contains ``path_part``."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    for url in re.findall(r"https://\S+", text):
        if path_part in url:
            return url
    raise AssertionError(f"no link with {path_part!r} in {text!r}")


def local(url):
    return url.removeprefix("https://turan.example")


def signup(client, email, language="en", sections=(), page="en"):
    data = {"email": email, "language": language}
    if sections:
        data["sections"] = [str(pk) for pk in sections]
    return client.post(f"/{page}/newsletter/", data)
