import logging

from django.contrib import admin
from django.db import connections
from django.db.models import Prefetch, Q
from django.http import HttpResponseForbidden, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Byline, PublicationStatus, Section
from articles.visibility import status_q
from core.admin import TranslatedAdmin
from core.db import DATABASE_DOWN
from core.i18n import LANGUAGE_CODES, LANGUAGE_NAMES, column
from core.uploads import storage_errors
from newsroom.admin_history import RevisionAdminMixin
from newsroom.admin_list import ArticleListAdminMixin
from newsroom.admin_pending import PendingAdminMixin
from newsroom.admin_photo import LeadPhotoAdminMixin
from newsroom.admin_publication import PublicationAdminMixin
from newsroom.admin_review import ReviewAdminMixin
from newsroom.admin_save import ArticleSaveMixin
from newsroom.admin_translate import StartFromOriginalAdminMixin
from newsroom.autosave import AutosaveAdminMixin
from newsroom.concurrency import ConcurrencyAdminMixin, ConcurrentListFormSet
from newsroom.forms import ArticleAdminForm, BodyEditorWidget
from newsroom.models import ReviewState
from newsroom.outdated import OutdatedAdminMixin
from newsroom.publication import is_incomplete
from quotes.models import Quote

QUOTE_LIBRARY_LIMIT = 30

logger = logging.getLogger(__name__)


@admin.register(Section)
class SectionAdmin(TranslatedAdmin):
    list_display = ["__str__", "slug", "position"]
    list_editable = ["position"]
    search_fields = [column("name", code) for code in LANGUAGE_CODES]
    fields = ["name", "slug", "position"]
    one_language_required = ("name",)


class LanguageStatusFilter(admin.SimpleListFilter):
    """Filter by one language version's publication status, in the database."""

    language = None

    def lookups(self, request, model_admin):
        return PublicationStatus.choices

    def queryset(self, request, queryset):
        if self.value() in PublicationStatus.values:
            return queryset.filter(status_q(self.language, self.value(), timezone.now()))
        return queryset


def language_status_filter(code):
    return type(
        f"StatusFilter_{code}",
        (LanguageStatusFilter,),
        {
            "language": code,
            "parameter_name": f"status_{code}",
            "title": format_lazy("{} · {}", _("status"), LANGUAGE_NAMES[code]),
        },
    )


class BylineListFilter(admin.RelatedFieldListFilter):
    """The authors filter, named with the newsroom's term for them (docs/editors.md)."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = _("bylines")


class BylineFormSet(ConcurrentListFormSet):
    """The bylines, in order: the field ``authors`` of the concurrency check."""

    concurrency_field = "authors"
    item_field = "author"
    order_field = "position"
    conflict_intro = _(
        "%(name)s changed the bylines meanwhile (revision #%(number)s, %(when)s Baku time). "
        "Your bylines were not saved: they are still below. Merge the two lists and save again."
    )
    yours_label = _("Yours, still below")


class BylineInline(admin.TabularInline):
    model = Byline
    formset = BylineFormSet
    fields = ["author", "position"]
    autocomplete_fields = ["author"]
    extra = 1
    ordering = ["position", "pk"]


def database_is_back():
    """Drop the broken connections and tell whether a new one can be opened."""
    for connection in connections.all(initialized_only=True):
        connection.close()
    try:
        connections["default"].ensure_connection()
    except DATABASE_DOWN:
        return False
    return True


class OutageSafeSaveMixin:
    """A save that fails because the database went away is reported on the
    form with everything typed still there, when the database answers again
    at once (a restart, a failover); otherwise the 503 page says nothing was
    saved, and static/turan/admin/draft-keeper.js keeps the text in the browser.

    Goes before ``ArticleSaveMixin``, whose ``unsaved_form_view`` shows the form again.
    """

    class Media:
        js = ["turan/admin/draft-keeper.js"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "draft_keeper": {
                "offer": gettext(
                    "This form was not saved. The text you typed at %(time)s is kept in "
                    "this browser tab."
                ),
                "restore": gettext("Put my text back"),
                "discard": gettext("Discard it"),
                "restored": gettext("Your text is back in the form. Check it and save."),
            },
        }
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DATABASE_DOWN:
            if request.method == "POST" and getattr(request, "database_read_only", False):
                # The primary is away and the replica serves staff, read-only:
                # the form again with what was typed, from the replica.
                return self.unsaved_form_view(
                    request,
                    object_id,
                    form_url,
                    extra_context,
                    reason=gettext(
                        "The database is read-only for now and nothing was saved. Your "
                        "text is below: save again once the read-only notice is gone."
                    ),
                )
            if request.method != "POST" or not database_is_back():
                raise
        except storage_errors() as error:
            if request.method != "POST":
                raise
            # The image could not be stored (the object store did not answer):
            # the save's transaction is rolled back, so no row names a file
            # that is not there.
            logger.warning("Media storage unavailable while saving: %s", error)
            return self.unsaved_form_view(
                request,
                object_id,
                form_url,
                extra_context,
                reason=gettext(
                    "The image could not be stored: the media storage did not answer, "
                    "and nothing was saved. Your text is below: save again later, or "
                    "save it without the new image."
                ),
            )
        # Nothing was committed (the save runs in one transaction): show the
        # posted form again, with the reason, instead of saving it blindly.
        return self.unsaved_form_view(
            request,
            object_id,
            form_url,
            extra_context,
            reason=gettext(
                "The database was unavailable for a moment and nothing was saved. "
                "Your text is below: check it and save again."
            ),
        )


@admin.register(Article)
class ArticleAdmin(
    ReviewAdminMixin,
    OutageSafeSaveMixin,
    AutosaveAdminMixin,
    ArticleSaveMixin,
    RevisionAdminMixin,
    ConcurrencyAdminMixin,
    PendingAdminMixin,
    StartFromOriginalAdminMixin,
    OutdatedAdminMixin,
    ArticleListAdminMixin,
    PublicationAdminMixin,
    LeadPhotoAdminMixin,
    TranslatedAdmin,
):
    form = ArticleAdminForm
    original_language_field = "original_language"
    fieldsets = [
        (None, {"fields": ["original_language", "section", "title", "slug", "lead", "body"]}),
        (_("Lead image"), {"fields": ["lead_photo", "lead_photo_preview", "caption"]}),
        (_("Topics"), {"fields": ["tags", "placed_quotes"]}),
        (_("Publication"), {"fields": ["published_at", "search_description", "translator"]}),
    ]
    readonly_fields = ["placed_quotes", "lead_photo_preview"]
    autocomplete_fields = ["tags", "lead_photo"]
    inlines = [BylineInline]

    list_display = ["__str__", "language_statuses", "section", "byline", "updated_at"]
    list_select_related = ["section"]
    list_filter = [
        "section",
        ("authors", BylineListFilter),
        *(language_status_filter(code) for code in LANGUAGE_CODES),
        "original_language",
    ]
    search_fields = [column("title", code) for code in LANGUAGE_CODES]
    # The field is chosen per request (newsroom/admin_list.py, ``?dates=``).
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("author")))
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        language = getattr(db_field, "language", None)
        if field is not None and language and db_field.name == column("body", language):
            widget = field.widget
            field.widget = BodyEditorWidget(
                attrs=widget.attrs, config=widget.config, preset=widget.preset, language=language
            )
        return field

    def get_urls(self):
        return [
            path(
                "quotes/",
                self.admin_site.admin_view(self.quote_library_view),
                name="articles_article_quotes",
            ),
            *super().get_urls(),
        ]

    def quote_library_view(self, request):
        """The quote library for the body editor: ``?q=`` searches, ``?ids=1,2`` fetches."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            return HttpResponseForbidden()
        quotes = Quote.objects.select_related("speaker")
        ids = [int(pk) for pk in request.GET.get("ids", "").split(",") if pk.strip().isdigit()]
        if ids:
            quotes = quotes.filter(pk__in=ids[:100])
        else:
            query = request.GET.get("q", "").strip()
            if query:
                match = Q(pk=int(query)) if query.isdigit() else Q()
                for code in LANGUAGE_CODES:
                    match |= Q(**{f"{column('text', code)}__icontains": query})
                    match |= Q(**{f"{column('speaker__name', code)}__icontains": query})
                quotes = quotes.filter(match)
            quotes = quotes[:QUOTE_LIBRARY_LIMIT]
        return JsonResponse({"results": [self.quote_json(quote) for quote in quotes]})

    @staticmethod
    def quote_json(quote):
        def translations(obj, field):
            return {code: getattr(obj, column(field, code)) or "" for code in LANGUAGE_CODES}

        return {
            "id": quote.pk,
            "words": translations(quote, "text"),
            "speaker": translations(quote.speaker, "name"),
            "role": translations(quote, "speaker_role"),
            "said_on": quote.said_on.isoformat() if quote.said_on else None,
        }

    @admin.display(description=_("quotes placed in the body"))
    def placed_quotes(self, obj):
        quotes = obj.quotes.select_related("speaker") if obj and obj.pk else []
        if not quotes:
            return _("None yet: place quotes with the body editor’s quote button.")
        return format_html(
            "<ul class='turan-placed-quotes'>{}</ul>",
            format_html_join(
                "",
                "<li><a href='{}'>{}</a></li>",
                (
                    (reverse("admin:quotes_quote_change", args=[quote.pk]), str(quote))
                    for quote in quotes
                ),
            ),
        )

    @admin.display(description=_("languages"))
    def language_statuses(self, obj):
        now = timezone.now()
        return format_html(
            "<span class='turan-statuses'>{}</span>",
            format_html_join(
                "",
                "<span class='turan-status turan-status--{}' title='{}: {}'>"
                "<b>{}</b> <span aria-hidden='true'>●</span> {}</span>",
                (
                    (
                        kind,
                        LANGUAGE_NAMES[code],
                        label,
                        code.upper(),
                        label,
                    )
                    for code in LANGUAGE_CODES
                    for kind, label in [self.status_badge(obj, code, now)]
                ),
            ),
        )

    @staticmethod
    def status_badge(obj, code, now):
        """The version's status for the list, "incomplete" for a title without a
        body or a body without a title (saved, but not a version yet)."""
        status = obj.publication_status(code, now)
        if status == PublicationStatus.MISSING and is_incomplete(obj, code):
            return "incomplete", gettext("incomplete")
        # A draft's review state (newsroom/admin_list.py annotates it).
        review = getattr(obj, f"review_state_{code}", None)
        if status == PublicationStatus.DRAFT and review and review != ReviewState.DRAFT:
            return review, ReviewState(review).label
        return status, status.label

    @admin.display(description=_("bylines"))
    def byline(self, obj):
        return ", ".join(str(byline.author) for byline in obj.bylines.all())
