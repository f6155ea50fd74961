from datetime import timedelta

from django import forms
from django.contrib.admin.widgets import AdminRadioSelect
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Correction, PublicationStatus
from articles.visibility import has_text
from core.admin import EditorToolsWidget, TranslatedAdminForm
from core.i18n import LANGUAGE_CODES, LANGUAGE_NAMES, column
from core.text import sanitize_html
from newsroom.actions import NOW, missing_text_message, snapshot_names, withdrawal_message
from newsroom.admin_pending import PendingFormMixin
from newsroom.concurrency import ConcurrencyFormMixin
from newsroom.outdated import OutdatedFormMixin
from newsroom.publication import zone_label


class BodyEditorWidget(EditorToolsWidget):
    """The body editor plus the libraries: Tiptap nodes for a quote,
    ``<figure data-quote="ID"></figure>``, and a photo, ``<figure
    data-photo="ID"></figure>``, each with a toolbar button that places one."""

    def get_config(self):
        config = super().get_config()
        if "extensions" not in config:
            return config
        # The sanitiser (core.text.sanitize_html) keeps both placeholders.
        config["js_modules"] = [
            *config["js_modules"],
            static("turan/admin/quote-placeholder.js"),
            static("turan/admin/figure-placeholder.js"),
        ]
        config["extensions"] |= {
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
            },
            "FigurePlaceholder": {
                "url": reverse("admin:articles_article_photos"),
                "language": self.language,
                "strings": {
                    "button": gettext("Insert a photo from the media library"),
                    "title": gettext("Insert a photo from the media library"),
                    "search": gettext("Search caption, credit or tag"),
                    "cancel": gettext("Cancel"),
                    "none": gettext("No photos found."),
                    "loading": gettext("Loading…"),
                    "missing": gettext("Photo #%(id)s is not in the media library."),
                    "label": gettext("Photo from the media library"),
                    "noCaption": gettext("No caption in this language"),
                },
            },
        }
        return config


# Publication: per-language scheduling and marked corrections (editorial workflow).
#
# Per language: "not published / publish now / publish at" (schedule_<code>)
# drives the model's published_at_<code>; on a version already public, an
# editor may mark the change as an update or a correction with a note for
# readers (change_kind_<code>, change_note_<code>). Only users who may publish
# get these fields (the admin names them in its fieldsets for them alone): for
# anyone else they, and published_at_<code>, are not in the form, so a forged
# POST cannot set them. The form only validates; newsroom.actions.save_article
# sets the moments ("publish now" at the moment of the save) and marks the changes.

SCHEDULE_NONE, SCHEDULE_NOW, SCHEDULE_AT = "none", "now", "at"


def _publication_fields():
    fields = {}
    for code in LANGUAGE_CODES:
        fields[f"schedule_{code}"] = forms.ChoiceField(
            label=format_lazy("{} [{}]", _("Publication"), code),
            choices=[
                (SCHEDULE_NONE, _("not published")),
                (SCHEDULE_NOW, _("publish now")),
                (SCHEDULE_AT, _("publish at the moment below")),
            ],
            widget=AdminRadioSelect(attrs={"class": "radiolist inline"}),
            required=False,
        )
        fields[f"backdate_{code}"] = forms.BooleanField(
            label=format_lazy("{} [{}]", _("Yes, publish backdated"), code),
            required=False,
            help_text=_(
                "Needed only when the moment above lies in the past: the version then "
                "publishes at once, dated that moment."
            ),
            widget=forms.CheckboxInput(attrs={"data-turan-backdate": code}),
        )
        fields[f"change_kind_{code}"] = forms.ChoiceField(
            label=format_lazy("{} [{}]", _("This change is"), code),
            choices=[("", _("neither: readers are not told")), *Correction.Kind.choices],
            widget=AdminRadioSelect(attrs={"class": "radiolist inline"}),
            required=False,
        )
        fields[f"change_note_{code}"] = forms.CharField(
            label=format_lazy("{} [{}]", _("Note for readers"), code),
            max_length=500,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2, "cols": 60, "lang": code}),
            help_text=_(
                "Plain text in this language, at most 500 characters. Readers see it "
                "under the article with the time of this change."
            ),
        )
    return fields


PUBLICATION_FIELDS = tuple(_publication_fields())
# The per-language publication rows besides published_at_<code>, in form order.
PUBLICATION_COMPANIONS = ("schedule", "backdate", "change_kind", "change_note")
#: A moment this close to the save is "now", not the past ("Now" picked a moment ago).
PAST_GRACE = timedelta(minutes=1)

# A plain form class holding the generated fields, so that they are declared
# fields of the model form below (and may be named in the admin's fieldsets).
_PublicationFields = type("_PublicationFields", (forms.Form,), _publication_fields())


class PublicationFormMixin(_PublicationFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.now()
        zone = zone_label(now)
        # The admin names the rows it shows (its fieldsets); the others go.
        wanted = self._meta.fields
        for name in PUBLICATION_FIELDS:
            if wanted is not None and name not in wanted:
                self.fields.pop(name)
        for code in LANGUAGE_CODES:
            moment = self.fields.get(column("published_at", code))
            if moment is None:
                for name in PUBLICATION_COMPANIONS:
                    self.fields.pop(f"{name}_{code}", None)
                continue
            # Outside the f-string, where makemessages can find it.
            label = gettext("Publication moment")
            moment.label = f"{label}, {zone} [{code}]"
            self._explain_moment(moment, code, now, zone)
            current = getattr(self.instance, column("published_at", code))
            if f"schedule_{code}" in self.fields:
                self.fields[f"schedule_{code}"].initial = SCHEDULE_AT if current else SCHEDULE_NONE
            # Only a change to a version readers already see is an update or a correction.
            if wanted is None and not self.was_public(code, now):
                self.fields.pop(f"change_kind_{code}", None)
                self.fields.pop(f"change_note_{code}", None)

    @staticmethod
    def _explain_moment(moment, code, now, zone):
        """The format to type, shown with an example (the calendar and the clock
        beside the inputs fill them in), and what the browser asks before
        saving a moment in the past (static/turan/admin/publication.js)."""
        local = timezone.localtime(now)
        date_format = formats.get_format("DATE_INPUT_FORMATS")[0]
        example_date, example_time = local.strftime(date_format), local.strftime("%H:%M")
        moment.help_text = gettext(
            "Used with “publish at”. Type the date as %(date)s and the time as %(time)s "
            "(24-hour clock), or use the calendar and the clock; %(zone)s."
        ) % {"date": example_date, "time": example_time, "zone": zone}
        date_input, time_input = moment.widget.widgets
        date_input.attrs.update(
            {
                "placeholder": example_date,
                "data-turan-date-format": date_format,
                "data-turan-utc-offset": local.strftime("%z"),
                "data-turan-past": gettext(
                    "The %(language)s moment, %(moment)s, lies in the past: saving publishes "
                    "this version immediately, backdated to %(moment)s (Baku time)."
                ).replace("%(language)s", LANGUAGE_NAMES[code]),
                "data-turan-past-question": gettext("Save anyway?"),
            }
        )
        time_input.attrs["placeholder"] = example_time

    def sets_moment(self, code):
        """Does this form set the ``code`` version's moment (its user may publish)?"""
        return column("published_at", code) in self.fields

    def was_public(self, code, now=None):
        """Was the ``code`` version public before this change (as stored)?"""
        instance = self.instance
        return (
            instance.pk is not None
            and instance.publication_status(code, now) == PublicationStatus.PUBLIC
        )

    def clean(self):
        cleaned_data = super().clean()
        for code in LANGUAGE_CODES:
            if self.sets_moment(code):
                self._clean_schedule(cleaned_data, code)
                self._clean_marked_change(cleaned_data, code)
            else:
                self._keep_scheduled_text(cleaned_data, code)
        return cleaned_data

    def _schedule_choice(self, cleaned_data, code):
        choice = cleaned_data.get(f"schedule_{code}")
        if not choice:  # a form without the radio: the moment alone decides
            choice = (
                SCHEDULE_AT if cleaned_data.get(column("published_at", code)) else SCHEDULE_NONE
            )
        return choice

    def _clean_schedule(self, cleaned_data, code):
        moment = column("published_at", code)
        choice = self._schedule_choice(cleaned_data, code)
        if choice == SCHEDULE_AT:
            if cleaned_data.get(moment) is None and moment not in self.errors:
                self.add_error(
                    moment,
                    _("Give the day and time (Baku time) to publish the %(language)s version.")
                    % {"language": LANGUAGE_NAMES[code]},
                )
            else:
                self._clean_backdating(cleaned_data, code)
            return
        # The date and time inputs are not used: whatever they hold is no error.
        # "Publish now" takes the moment of the save (newsroom.actions.save_article).
        self._errors.pop(moment, None)
        cleaned_data[moment] = None

    def _clean_backdating(self, cleaned_data, code):
        """A newly typed moment in the past publishes at once, dated then: say so
        and save only when "publish backdated" is ticked (the browser asks
        first and ticks it; this holds for any client)."""
        value = cleaned_data.get(column("published_at", code))
        stored = getattr(self.instance, column("published_at", code)) if self.instance.pk else None
        if value is None or value >= timezone.now() - PAST_GRACE:
            return
        # The form shows the stored moment to the minute: sent back unchanged, it
        # is not a new moment.
        if stored is not None and abs(value - stored) < timedelta(minutes=1):
            return
        if cleaned_data.get(f"backdate_{code}"):
            return
        self.add_error(
            column("published_at", code),
            _(
                "The %(language)s moment, %(moment)s, lies in the past: saving publishes this "
                "version immediately, backdated to it. Tick “Yes, publish backdated” to save "
                "it so, or correct the moment."
            )
            % {
                "language": LANGUAGE_NAMES[code],
                "moment": formats.date_format(timezone.localtime(value), "DATETIME_FORMAT"),
            },
        )

    def scheduled(self, code):
        """What saving does to the ``code`` version's moment: ``NOW``, a moment, or None."""
        cleaned_data = self.cleaned_data
        choice = self._schedule_choice(cleaned_data, code)
        if choice == SCHEDULE_NOW:
            return NOW
        if choice == SCHEDULE_AT:
            return cleaned_data.get(column("published_at", code))
        return None

    def _clean_marked_change(self, cleaned_data, code):
        kind_name, note_name = f"change_kind_{code}", f"change_note_{code}"
        if kind_name not in self.fields:
            return
        kind = cleaned_data.get(kind_name)
        note = (cleaned_data.get(note_name) or "").strip()
        cleaned_data[note_name] = note
        if kind and not note:
            self.add_error(
                note_name,
                _("Write a short note for readers of the %(language)s version.")
                % {"language": LANGUAGE_NAMES[code]},
            )
        elif note and not kind:
            self.add_error(
                kind_name, _("Say whether this is an update or a correction, or clear the note.")
            )

    def _keep_scheduled_text(self, cleaned_data, code):
        """Refuse to empty a scheduled or public version's title or body: that would
        withdraw it, which only an editor may do."""
        if self.instance.pk is None or getattr(self.instance, column("published_at", code)) is None:
            return
        for field in ("title", "body"):
            name = column(field, code)
            if name in self.fields and name in cleaned_data:
                value = cleaned_data[name]
                if field == "body":
                    value = sanitize_html(value or "")
                if not value:
                    self.add_error(name, withdrawal_message(code))

    def marked_changes(self):
        """Return ``(language, kind, note)`` for every version marked as updated or corrected."""
        if not hasattr(self, "cleaned_data"):
            return []
        return [
            (
                code,
                self.cleaned_data[f"change_kind_{code}"],
                self.cleaned_data[f"change_note_{code}"],
            )
            for code in LANGUAGE_CODES
            if self.cleaned_data.get(f"change_kind_{code}")
        ]


class ArticleAdminForm(
    ConcurrencyFormMixin,
    PendingFormMixin,
    OutdatedFormMixin,
    PublicationFormMixin,
    TranslatedAdminForm,
):
    class Meta:
        model = Article
        exclude = ["quotes"]

    def show_value(self, name, value):
        # A moment someone else set must come back with its "publish at" choice.
        super().show_value(name, value)
        field, _sep, code = name.rpartition("_")
        if field == "published_at" and f"schedule_{code}" in self.fields:
            self.data[self.add_prefix(f"schedule_{code}")] = SCHEDULE_AT if value else SCHEDULE_NONE

    def clean(self):
        cleaned_data = super().clean()
        for code in LANGUAGE_CODES:
            moment = column("published_at", code)
            if not self.sets_moment(code) or self.scheduled(code) is None:
                continue
            title = self._value(cleaned_data, column("title", code))
            body = self._value(cleaned_data, column("body", code))
            if not has_text(title, body):
                self.add_error(moment, missing_text_message(code))
        return cleaned_data

    def _value(self, cleaned_data, name):
        if name in self.fields:
            return cleaned_data.get(name) or ""
        return getattr(self.instance, name, None) or ""

    def changes(self):
        """What saving this (valid) form changes, for ``newsroom.actions.save_article``:
        every snapshot field it edits, as the form put it on the instance, the
        tags, and what it does to each version's moment."""
        changes = {}
        for name in snapshot_names():
            if name not in self.fields:
                continue
            if name.startswith("published_at_"):
                continue
            if name == "tags":
                changes[name] = self.cleaned_data[name]
            else:
                changes[name] = getattr(self.instance, name)
        for code in LANGUAGE_CODES:
            if self.sets_moment(code):
                changes[column("published_at", code)] = self.scheduled(code)
        return changes

    def show_errors(self, error):
        """Show a ``ValidationError`` the save raised, on its fields where the form has them."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            self.add_error(name if name in self.fields else None, errors)
