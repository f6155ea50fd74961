from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget

from articles.models import Article
from turan.admin import TranslatedAdminForm
from turan.i18n import LANGUAGE_CODES, LANGUAGE_NAMES
from turan.text import sanitize_html


class BodyEditorWidget(AdminProseEditorWidget):
    """The body editor plus the quote library: a Tiptap node for
    ``<figure data-quote="ID"></figure>`` and a toolbar button that places one."""

    def __init__(self, *args, language, **kwargs):
        self.language = language
        super().__init__(*args, **kwargs)

    def get_config(self):
        config = super().get_config()
        if "extensions" not in config:
            return config
        # Given as an URL so that no settings entry is needed; the sanitiser
        # (turan.text.sanitize_html) already keeps figure[data-quote].
        config["js_modules"] = [*config["js_modules"], static("turan/admin/quote-placeholder.js")]
        config["extensions"] = config["extensions"] | {
            "QuotePlaceholder": {
                "url": reverse("admin:articles_article_quotes"),
                "language": self.language,
                "strings": {
                    "button": gettext("Place a quote from the library"),
                    "title": gettext("Place a quote from the library"),
                    "search": gettext("Search words or speaker"),
                    "place": gettext("Place"),
                    "cancel": gettext("Cancel"),
                    "none": gettext("No quotes found."),
                    "loading": gettext("Loading…"),
                    "missing": gettext("Quote #%(id)s is not in the library."),
                    "label": gettext("Quote from the library"),
                },
            }
        }
        return config


class ArticleAdminForm(TranslatedAdminForm):
    class Meta:
        model = Article
        exclude = ["quotes"]

    def clean(self):
        cleaned_data = super().clean()
        for code in LANGUAGE_CODES:
            moment = f"published_at_{code}"
            if moment not in self.fields or cleaned_data.get(moment) is None:
                continue
            title = self._value(cleaned_data, f"title_{code}")
            body = sanitize_html(self._value(cleaned_data, f"body_{code}"))
            if not (title and body):
                self.add_error(
                    moment,
                    _(
                        "Write the title and the body in %(language)s before setting "
                        "its publication moment."
                    )
                    % {"language": LANGUAGE_NAMES[code]},
                )
        return cleaned_data

    def _value(self, cleaned_data, name):
        if name in self.fields:
            return cleaned_data.get(name) or ""
        return getattr(self.instance, name, None) or ""
