"""Helpers for the history, concurrency and outdated-translation tests: staff
users in their roles, and the article change form as a browser submits it."""

from html.parser import HTMLParser

from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

PASSWORD = "correct horse battery staple"


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def compare_url(article, a, b):
    return reverse("admin:articles_article_compare", args=[article.pk]) + f"?a={a}&b={b}"


def restore_url(article, number):
    return reverse("admin:articles_article_restore", args=[article.pk, number])


def make_staff(django_user_model, username, group, first_name="", last_name=""):
    user = django_user_model.objects.create_user(
        username, password=PASSWORD, is_staff=True, first_name=first_name, last_name=last_name
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def client_for(user):
    """A client of its own per person (two people edit at once), admin in English."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


class FormReader(HTMLParser):
    """What a browser submits from ``<form id=…>``: inputs, textareas, selects."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.data, self.textarea, self.select = {}, None, None

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or (not attrs.get("name") and tag != "option"):
            return
        kind = (attrs.get("type") or "text").lower()
        if tag == "input" and kind not in {"submit", "button", "file", "image", "reset"}:
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.add(attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
        elif tag == "select":
            self.select = attrs["name"]
            self.data.setdefault(self.select, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value", ""))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            name, value = self.textarea
            # The parser keeps the newline a browser drops after <textarea>.
            self.add(name, value.removeprefix("\n"))
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


def form_data(response, **changes):
    """The change form in ``response`` as a browser submits it, with ``changes`` applied."""
    assert response.status_code == 200
    reader = FormReader("article_form")
    reader.feed(response.content.decode())
    data = {name: values if len(values) != 1 else values[0] for name, values in reader.data.items()}
    data.update(changes)
    data["_save"] = "Save"
    return data


def open_form(client, article, **changes):
    """Open the article's change form and return what saving it with ``changes`` posts."""
    return form_data(client.get(change_url(article)), **changes)
