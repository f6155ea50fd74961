"""The article list as a newsroom uses it: review states, "mine", publication
moments per language, search beyond titles, and bulk section and tag changes.

``ArticleListAdminMixin`` goes before ``TranslatedAdmin`` in ``ArticleAdmin``'s
bases. Its filters are also the dashboard's links (newsroom/dashboard.py):
``review=<state>[:<language>]``, ``mine=1`` and ``moment=today|tomorrow|recent
[:<language>]``, so a dashboard figure and the list it opens count the same rows.
"""

from datetime import datetime, time, timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.db.models import OuterRef, Q, Subquery
from django.template.response import TemplateResponse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleRevision, Byline, PublicationStatus, Section
from articles.visibility import content_q, missing_q, status_q
from core.dates import BAKU
from core.i18n import LANGUAGE_CODES, column
from newsroom import actions
from newsroom.models import ReviewState, VersionReview
from newsroom.publication import language_label
from tags.models import Tag

#: How far back "recently published" reaches.
RECENT = timedelta(days=2)


def review_annotation(code):
    return Subquery(
        VersionReview.objects.filter(article=OuterRef("pk"), language=code).values("state")[:1]
    )


def _split(value, choices):
    """``"ready:az"`` → ``("ready", ["az"])``; ``"ready"`` → ``("ready", every language)``."""
    kind, _sep, code = (value or "").partition(":")
    if kind not in choices or (code and code not in LANGUAGE_CODES):
        return None, []
    return kind, [code] if code else list(LANGUAGE_CODES)


#: A version still in its writer's hands: a draft, or sent back with changes requested.
OPEN = "open"
REVIEW_KINDS = (OPEN, *ReviewState.values)


def review_q(state, codes, now):
    """Versions in review ``state`` (or ``OPEN``) in one of ``codes`` that have
    no moment yet.

    The review rows are read as uncorrelated ``IN`` lists (hashed once per
    query by PostgreSQL) rather than an ``EXISTS`` per article: the dashboard
    counts over every article.
    """
    match = Q(pk__in=[])
    for code in codes:
        reviews = VersionReview.objects.filter(language=code)
        if state == OPEN:
            taken = reviews.filter(state__in=[ReviewState.READY, ReviewState.APPROVED])
            in_state = ~Q(pk__in=taken.values("article_id"))
        elif state == ReviewState.DRAFT:
            in_state = ~Q(pk__in=reviews.exclude(state=ReviewState.DRAFT).values("article_id"))
        else:
            in_state = Q(pk__in=reviews.filter(state=state).values("article_id"))
        match |= in_state & status_q(code, PublicationStatus.DRAFT, now)
    return match


def to_translate_q(code):
    """The ``code`` version is missing while the original has its title and body."""
    original = Q(pk__in=[])
    for other in LANGUAGE_CODES:
        if other != code:
            original |= Q(original_language=other) & content_q(other)
    return missing_q(code) & original


def baku_day(now, days=0):
    """The bounds of a day in Baku (today, or ``days`` later), aware."""
    day = timezone.localtime(now, BAKU).date() + timedelta(days=days)
    start = datetime.combine(day, time(0), tzinfo=BAKU)
    return start, datetime.combine(day + timedelta(days=1), time(0), tzinfo=BAKU)


def moment_q(kind, codes, now):
    """Versions with content scheduled today or tomorrow (Baku), or public since ``RECENT``."""
    match = Q(pk__in=[])
    for code in codes:
        name = column("published_at", code)
        if kind == "recent":
            match |= status_q(code, PublicationStatus.PUBLIC, now) & Q(
                **{f"{name}__gte": now - RECENT}
            )
            continue
        start, end = baku_day(now, 0 if kind == "today" else 1)
        match |= status_q(code, PublicationStatus.SCHEDULED, now) & Q(
            **{f"{name}__gte": start, f"{name}__lt": end}
        )
    return match


def mine_q(user):
    """Articles ``user`` wrote: a byline of theirs, created or submitted by them."""
    return (
        Q(pk__in=Byline.objects.filter(author__user=user).values("article_id"))
        | Q(pk__in=ArticleRevision.objects.filter(number=1, created_by=user).values("article_id"))
        | Q(pk__in=VersionReview.objects.filter(submitted_by=user).values("article_id"))
    )


class ReviewFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [(OPEN, _("in writing")), *ReviewState.choices[1:]]

    def queryset(self, request, queryset):
        state, codes = _split(self.value(), REVIEW_KINDS)
        if state is None:
            return queryset
        return queryset.filter(review_q(state, codes, timezone.now()))


class MineFilter(admin.SimpleListFilter):
    title = _("author")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("mine"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(mine_q(request.user))
        return queryset


class TranslateFilter(admin.SimpleListFilter):
    title = _("translation missing")
    parameter_name = "translate"

    def lookups(self, request, model_admin):
        return [(code, language_label(code)) for code in LANGUAGE_CODES]

    def queryset(self, request, queryset):
        if self.value() in LANGUAGE_CODES:
            return queryset.filter(to_translate_q(self.value()))
        return queryset


class MomentFilter(admin.SimpleListFilter):
    title = _("publication moment")
    parameter_name = "moment"
    KINDS = ("today", "tomorrow", "recent")

    def lookups(self, request, model_admin):
        return [
            ("today", _("scheduled today")),
            ("tomorrow", _("scheduled tomorrow")),
            ("recent", _("published in the last two days")),
        ]

    def queryset(self, request, queryset):
        kind, codes = _split(self.value(), self.KINDS)
        if kind is None:
            return queryset
        return queryset.filter(moment_q(kind, codes, timezone.now()))


def _moment_column(code):
    name = column("published_at", code)

    @admin.display(
        description=format_lazy_moment(code),
        ordering=name,
    )
    def moment(self, obj):
        value = getattr(obj, name)
        if value is None:
            return "—"
        return formats.date_format(timezone.localtime(value, BAKU), "SHORT_DATETIME_FORMAT")

    moment.__name__ = f"moment_{code}"
    return moment


def format_lazy_moment(code):
    from django.utils.text import format_lazy

    return format_lazy("{} · {}", code.upper(), _("moment"))


#: The ``dates`` choice that puts the hierarchy on the day an article was added.
ADDED = "added"


def hierarchy_choice(request):
    """The moment the date hierarchy drills into: ``?dates=<language>|added``,
    else the admin language's publication moment."""
    chosen = request.GET.get(DatesFilter.parameter_name)
    if chosen in (*LANGUAGE_CODES, ADDED):
        return chosen
    current = translation.get_language()
    return current if current in LANGUAGE_CODES else LANGUAGE_CODES[0]


def hierarchy_field(choice):
    return "created_at" if choice == ADDED else column("published_at", choice)


class DatesFilter(admin.SimpleListFilter):
    """Which moment the date hierarchy above the list drills into.

    It filters nothing: its parameter is in the query string, so every link of
    the hierarchy (year, month, day) keeps the language chosen here. Choosing
    another language drops the days chosen on the previous one's moment.
    """

    title = _("dates above the list")
    parameter_name = "dates"

    def __init__(self, request, params, model, model_admin):
        self.current = hierarchy_choice(request)
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return [
            *((code, language_label(code)) for code in LANGUAGE_CODES),
            (ADDED, _("date added")),
        ]

    def queryset(self, request, queryset):
        return queryset

    def choices(self, changelist):
        drilled = [
            f"{hierarchy_field(choice)}__{part}"
            for choice in (*LANGUAGE_CODES, ADDED)
            for part in ("year", "month", "day")
        ]
        for value, label in self.lookup_choices:
            yield {
                "selected": value == self.current,
                "query_string": changelist.get_query_string({self.parameter_name: value}, drilled),
                "display": label,
            }


class HierarchyChangeList(ChangeList):
    """The list with its date hierarchy on the moment ``?dates=`` chooses."""

    def __init__(self, request, *args, **kwargs):
        field = hierarchy_field(hierarchy_choice(request))
        # ChangeList(request, model, list_display, list_display_links,
        # list_filter, date_hierarchy, …): replace the hierarchy's field.
        if "date_hierarchy" in kwargs:
            kwargs["date_hierarchy"] = field
        else:
            args = (*args[:4], field, *args[5:])
        super().__init__(request, *args, **kwargs)


class SectionChoiceForm(forms.Form):
    section = forms.ModelChoiceField(label=_("New section"), queryset=Section.objects.all())


class TagChoiceForm(forms.Form):
    tag = forms.ModelChoiceField(label=_("Tag to add"), queryset=Tag.objects.all())


class ArticleListAdminMixin:
    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                **{f"review_state_{code}": review_annotation(code) for code in LANGUAGE_CODES}
            )
        )

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        names = [f"moment_{code}" for code in LANGUAGE_CODES]
        at = columns.index("section") if "section" in columns else len(columns)
        columns[at:at] = [name for name in names if name not in columns]
        return columns

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        first = [MineFilter] if MineFilter not in filters else []
        return [
            *first,
            *filters,
            *(
                extra
                for extra in (ReviewFilter, TranslateFilter, MomentFilter, DatesFilter)
                if extra not in filters
            ),
        ]

    def get_changelist(self, request, **kwargs):
        return HierarchyChangeList

    # Search: titles, leads, bodies, bylines' names, and an id.

    def get_search_fields(self, request):
        fields = list(super().get_search_fields(request))
        wanted = [
            *(column(name, code) for name in ("title", "lead", "body") for code in LANGUAGE_CODES),
            *(f"authors__{column('name', code)}" for code in LANGUAGE_CODES),
        ]
        return [*fields, *(name for name in wanted if name not in fields)]

    def get_search_results(self, request, queryset, search_term):
        results, duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip().lstrip("#")
        if term.isdigit() and len(term) < 12:
            results = results | queryset.filter(pk=int(term))
        return results, duplicates

    # Bulk actions

    def get_actions(self, request):
        found = super().get_actions(request)
        if self.has_change_permission(request):
            for action, description in (
                (self.change_section, gettext("Change the section")),
                (self.add_tag, gettext("Add a tag")),
            ):
                found[action.__name__] = (action, action.__name__, description)
        return found

    def change_section(self, modeladmin, request, queryset):
        return self._bulk(
            request,
            queryset,
            SectionChoiceForm,
            "change_section",
            gettext("Change the section"),
            lambda article, form: {"section": form.cleaned_data["section"].pk},
            lambda count, form: (
                ngettext(
                    "%(count)d article moved to “%(section)s”.",
                    "%(count)d articles moved to “%(section)s”.",
                    count,
                )
                % {"count": count, "section": form.cleaned_data["section"]}
            ),
        )

    def add_tag(self, modeladmin, request, queryset):
        def changes(article, form):
            tags = set(article.tags.values_list("pk", flat=True))
            return {"tags": sorted(tags | {form.cleaned_data["tag"].pk})}

        return self._bulk(
            request,
            queryset,
            TagChoiceForm,
            "add_tag",
            gettext("Add a tag"),
            changes,
            lambda count, form: (
                ngettext(
                    "Tag “%(tag)s” added to %(count)d article.",
                    "Tag “%(tag)s” added to %(count)d articles.",
                    count,
                )
                % {"count": count, "tag": form.cleaned_data["tag"]}
            ),
        )

    def _bulk(self, request, queryset, form_class, action, title, changes, done):
        """The page between choosing the action and doing it: the choice, then
        each article saved through ``actions.save_article`` (a revision each)."""
        form = form_class(request.POST if request.POST.get("apply") == "yes" else None)
        if form.is_bound and form.is_valid():
            count = 0
            for article in queryset.select_related(None).prefetch_related(None):
                article = Article.objects.get(pk=article.pk)
                if not self.has_change_permission(request, article):
                    continue
                result = actions.save_article(article, changes(article, form), user=request.user)
                if result.revision is not None:
                    count += 1
            self.message_user(request, done(count, form), messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "subtitle": None,
            "form": form,
            "articles": list(queryset),
            "action": action,
            "selected": [str(pk) for pk in queryset.values_list("pk", flat=True)],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "changelist_url": request.get_full_path(),
        }
        return TemplateResponse(request, "admin/articles/article/bulk_action.html", context)


for _code in LANGUAGE_CODES:
    setattr(ArticleListAdminMixin, f"moment_{_code}", _moment_column(_code))
