"""Review and internal notes on the article form.

``ReviewAdminMixin`` puts a review row per language beside the publication
table (its stage, and the steps the user may take: "Submit for review",
"Approve", "Request changes" with a note) and the article's internal notes
with a box for a new one. The steps are submit buttons of the change form
(``_review=<step>:<language>``): the form is saved first, as by "Save and
continue editing", and only a saved form takes the step, through
newsroom/workflow.py, which checks the permission again. A new note is added
with any save. Mail that fails to leave is reported as a warning
(newsroom/notify.py).
"""

import contextvars

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.i18n import LANGUAGE_CODES, LANGUAGE_NAMES
from newsroom import notes, notify, workflow
from newsroom.history import baku_time
from newsroom.publication import language_label

REVIEW_BUTTON = "_review"
_viewing = contextvars.ContextVar("turan_review_viewer", default=None)
NOTE_FIELD = "internal_note"
NOTE_LANGUAGE_FIELD = "internal_note_language"
#: ``_review=submit:all``: every version that has its title and body (the add form).
EVERY_VERSION = "all"


def review_note_field(code):
    return f"review_note_{code}"


class ReviewAdminMixin:
    # The form

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "review_panel", "internal_notes"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            fields = list(options.get("fields", ()))
            if "publication_table" in fields:
                at = fields.index("publication_table") + 1
                fields[at:at] = ["review_panel"]
                options = {**options, "fields": fields}
            fieldsets.append((name, options))
        fieldsets.append((_("Internal notes"), {"fields": ["internal_notes"]}))
        return fieldsets

    @admin.display(description=_("Review"))
    def review_panel(self, obj):
        request = _viewing.get()
        adding = obj is None or obj.pk is None
        if request is None or (
            adding and not workflow.allowed_steps(request.user, workflow.Stage.DRAFT)
        ):
            return gettext("Save the article to send it for review.")
        # A new article's versions are what is typed now: each button saves
        # first, and the step refuses a version left without its text.
        stages = (
            dict.fromkeys(LANGUAGE_CODES, workflow.Stage.DRAFT)
            if adding
            else workflow.stages(obj, timezone.now())
        )
        rows = []
        for code in LANGUAGE_CODES:
            stage = stages[code]
            steps = workflow.allowed_steps(request.user, stage)
            buttons = []
            for step in steps:
                if step == "request_changes":
                    buttons.append(
                        format_html(
                            '<label class="turan-review__note">{}'
                            '<textarea name="{}" rows="2" cols="40"></textarea></label>',
                            gettext("What should change?"),
                            review_note_field(code),
                        )
                    )
                buttons.append(
                    format_html(
                        '<button type="submit" name="{}" value="{}:{}" class="button '
                        'turan-review__step turan-review__step--{}">{}</button>',
                        REVIEW_BUTTON,
                        step,
                        code,
                        step,
                        workflow.step_label(step),
                    )
                )
            rows.append(
                format_html(
                    '<tr data-lang="{}"><th scope="row" lang="{}">{}</th>'
                    '<td><span class="turan-status turan-status--{}">{}</span></td>'
                    '<td class="turan-review__steps">{}</td></tr>',
                    code,
                    code,
                    LANGUAGE_NAMES[code],
                    stage.value,
                    stage.label,
                    format_html_join("", "{}", ((button,) for button in buttons)),
                )
            )
        every = ""
        if adding:
            every = format_html(
                '<p class="turan-review__every"><button type="submit" name="{}" value="{}" '
                'class="button turan-review__step turan-review__step--submit">{}</button> '
                '<span class="help">{}</span></p>',
                REVIEW_BUTTON,
                f"submit:{EVERY_VERSION}",
                gettext("Submit every version with its text"),
                gettext(
                    "Saves the article, then sends each language version that has "
                    "its title and body to the editors."
                ),
            )
        return format_html(
            '<table class="turan-review"><thead><tr><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th></tr></thead>'
            "<tbody>{}</tbody></table>{}",
            gettext("Language"),
            gettext("Review"),
            gettext("Steps"),
            format_html_join("", "{}", ((row,) for row in rows)),
            every,
        )

    @admin.display(description=_("Notes"))
    def internal_notes(self, obj):
        items = [
            format_html(
                '<li class="turan-note"><span class="turan-note__meta">{} · {}{}</span>'
                '<div class="turan-note__text">{}</div></li>',
                note.author_name or gettext("someone"),
                baku_time(note.created_at),
                format_html(" · <span lang='{0}'>{0}</span>", note.language.upper())
                if note.language
                else "",
                note.text,
            )
            for note in notes.notes_of(obj)
        ]
        listing = (
            format_html(
                '<ol class="turan-notes">{}</ol>', format_html_join("", "{}", ((i,) for i in items))
            )
            if items
            else format_html("<p>{}</p>", gettext("No notes yet."))
        )
        choices = format_html_join(
            "",
            '<option value="{}">{}</option>',
            [("", gettext("the whole article"))]
            + [(code, language_label(code)) for code in LANGUAGE_CODES],
        )
        return format_html(
            "{}<p class='help'>{}</p>"
            '<label for="id_{}">{}</label>'
            '<textarea id="id_{}" name="{}" rows="3" cols="60"></textarea>'
            '<label for="id_{}">{}</label> <select id="id_{}" name="{}">{}</select>',
            listing,
            gettext("Seen by staff only: never shown to readers or partners."),
            NOTE_FIELD,
            gettext("New note (added when you save)"),
            NOTE_FIELD,
            NOTE_FIELD,
            NOTE_LANGUAGE_FIELD,
            gettext("About"),
            NOTE_LANGUAGE_FIELD,
            NOTE_LANGUAGE_FIELD,
            choices,
        )

    # Saving

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        def report(text):
            self.message_user(request, text, messages.WARNING)

        # Read-only rows are called with the object alone; the review row also
        # needs who is looking (the admin is one instance for every request).
        token = _viewing.set(request)
        try:
            with notify.report_failures_to(report):
                response = super().changeform_view(request, object_id, form_url, extra_context)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # now, while the viewer is known
            return response
        finally:
            _viewing.reset(token)

    def response_add(self, request, obj, post_url_continue=None):
        self._add_posted_note(request, obj)
        if REVIEW_BUTTON in request.POST:
            return self._take_step(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._add_posted_note(request, obj)
        if REVIEW_BUTTON in request.POST:
            return self._take_step(request, obj)
        return super().response_change(request, obj)

    def _add_posted_note(self, request, obj):
        text = request.POST.get(NOTE_FIELD, "").strip()
        if not text:
            return
        language = request.POST.get(NOTE_LANGUAGE_FIELD, "")
        try:
            notes.add_note(
                obj,
                text,
                user=request.user,
                language=language if language in LANGUAGE_CODES else "",
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)

    def _take_step(self, request, obj):
        step, _sep, code = request.POST[REVIEW_BUTTON].partition(":")
        # Back to the article's form (after "add", its change form).
        back = HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        )
        if step == "submit" and code == EVERY_VERSION:
            return self._submit_every_version(request, obj, back)
        if step not in workflow.STEPS or code not in LANGUAGE_CODES:
            self.message_user(request, gettext("Unknown review step."), messages.ERROR)
            return back
        try:
            if step == "request_changes":
                workflow.request_changes(
                    obj, code, request.POST.get(review_note_field(code), ""), user=request.user
                )
            else:
                workflow.STEPS[step](obj, code, user=request.user)
        except PermissionDenied:
            self.message_user(
                request, gettext("You may not take this review step."), messages.ERROR
            )
            return back
        except ValidationError as error:
            self.message_user(
                request,
                gettext("Saved. %(reason)s") % {"reason": " ".join(error.messages)},
                messages.ERROR,
            )
            return back
        done = {
            "submit": gettext("Saved and submitted for review: the %(language)s version."),
            "approve": gettext("The %(language)s version is approved."),
            "request_changes": gettext("Changes requested for the %(language)s version."),
        }[step]
        self.message_user(request, done % {"language": language_label(code)}, messages.SUCCESS)
        return back

    def _submit_every_version(self, request, obj, back):
        """Submit each version of ``obj`` that has its text and waits for review."""
        stages = workflow.stages(obj, timezone.now())
        waiting = (workflow.Stage.DRAFT, workflow.Stage.CHANGES_REQUESTED)
        submitted = []
        for code in LANGUAGE_CODES:
            if stages[code] not in waiting:
                continue
            try:
                workflow.submit_for_review(obj, code, user=request.user)
            except PermissionDenied:
                self.message_user(
                    request, gettext("You may not take this review step."), messages.ERROR
                )
                return back
            except ValidationError as error:  # its stage changed meanwhile
                self.message_user(
                    request,
                    gettext("Saved. %(reason)s") % {"reason": " ".join(error.messages)},
                    messages.ERROR,
                )
                continue
            submitted.append(code)
        if not submitted:
            self.message_user(
                request,
                gettext(
                    "Saved, but not submitted: no version has both its title and its body yet."
                ),
                messages.WARNING,
            )
            return back
        self.message_user(
            request,
            gettext("Saved and submitted for review: %(languages)s.")
            % {"languages": ", ".join(language_label(code) for code in submitted)},
            messages.SUCCESS,
        )
        return back
