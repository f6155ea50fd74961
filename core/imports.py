"""CSV and XLSX imports in the admin (django-import-export), through the admin's own form.

Each row is treated as what a member of staff would have typed: its cells go
through the change form the admin shows them (``ModelAdmin.get_form``), so the
same cleaning and validation accept or refuse it (whitespace trimmed, NUL
characters refused, lengths, choices, a name in at least one language, only
people as speakers), and the model's own ``save()`` makes the slug. Nothing
here holds a rule of its own: a rule added to a form or a model reaches
imports by itself.

The first step is django-import-export's dry run, inside a transaction that is
rolled back: the preview shows each row as new or updated, and every refused
row with its errors, before anything is written; only "Confirm import" writes.
"""

import re

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from import_export import resources
from import_export.admin import ImportMixin
from import_export.formats import base_formats

from core.i18n import LANGUAGE_CODES, column
from core.text import slug_base


class CSV(base_formats.CSV):
    """Comma-separated, or semicolon-separated as spreadsheets save CSV in
    Russian and Azerbaijani locales (the header line decides)."""

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes) and self.encoding:
            in_stream = in_stream.decode(self.encoding)
        header = in_stream.lstrip("\ufeff").split("\n", 1)[0]
        if "delimiter" not in kwargs and header.count(";") > header.count(","):
            kwargs["delimiter"] = ";"
        return super().create_dataset(in_stream, **kwargs)


class XLSX(base_formats.XLSX):
    """The first sheet of an Excel workbook."""


# diff-match-patch colours its <ins>/<del> with style attributes, which the
# admin's Content-Security-Policy refuses; the package's stylesheet colours them.
# The diff's text is escaped (no "<"), so only its own tags match.
_STYLED = re.compile(r'<(ins|del|span) style="[^"]*">')


class Diff(resources.Diff):
    def as_html(self):
        return [mark_safe(_STYLED.sub(r"<\1>", html)) for html in super().as_html()]


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


class AdminFormResource(resources.ModelResource):
    """Import rows through the admin's form for the model (``form_class``).

    Subclasses list their columns in ``Meta.fields``: translated fields by
    their per-language columns (``name_ru``, ``name_az``, ``name_en``), as the
    form names them. A column missing from the file leaves the field as it is.
    """

    def __init__(self, form_class=None, **kwargs):
        super().__init__(**kwargs)
        self.form_class = form_class

    @classmethod
    def get_diff_class(cls):
        return Diff

    def before_import(self, dataset, **kwargs):
        # Spreadsheets keep rows that only look empty; they are not rows.
        for index in reversed(range(len(dataset))):
            if all(_blank(value) for value in dataset[index]):
                del dataset[index]
        headers = [
            header.strip() if isinstance(header, str) else header for header in dataset.headers
        ]
        dataset.headers = headers

    def import_instance(self, instance, row, **kwargs):
        if self.form_class is None:
            raise ValueError("An admin import needs the admin's form class.")
        form = self.form_class(instance=instance)
        # What the form would show for this object, then the row's cells on top.
        data = {name: form[name].value() for name in form.fields}
        errors = {}
        for field in self.get_import_fields():
            if not field.attribute or field.column_name not in row:
                continue
            try:
                value = field.clean(row, **kwargs)
            except ObjectDoesNotExist:
                errors[field.attribute] = ValidationError(
                    _("“%(value)s” matches nothing."), params={"value": row[field.column_name]}
                )
                continue
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error))
                continue
            data[field.attribute] = "" if value is None else value
        bound = self.form_class(data=data, instance=instance)
        if not bound.is_valid():
            # A cell that could not be read explains its field best.
            errors = {**bound.errors.as_data(), **errors}
        if errors:
            # Keyed by column (the form's field names are the columns'), or
            # NON_FIELD_ERRORS for what concerns the row as a whole.
            raise ValidationError(errors)
        # A valid ModelForm has put its cleaned values on the instance.

    def get_diff_headers(self):
        return [field.column_name for field in self.get_import_fields()]


class SlugResource(AdminFormResource):
    """Rows match objects by slug: the row's, else the one the model would make
    from the name (``slug_source()``), so importing a file again updates the
    objects it made rather than making them twice."""

    #: The translated field a blank slug is made from.
    name_field = "name"

    def get_instance(self, instance_loader, row):
        slug = row.get("slug")
        if _blank(slug):
            model = self._meta.model
            draft = model(
                **{
                    column(self.name_field, code): str(
                        row.get(column(self.name_field, code)) or ""
                    ).strip()
                    for code in LANGUAGE_CODES
                }
            )
            text = draft.slug_source()
            if not text:
                return None
            slug = slug_base(model, text)
        return self.get_queryset().filter(slug=str(slug).strip()).first()


class ImportAdminMixin(ImportMixin):
    """Offer "Import" (CSV, XLSX) on a change list to whoever may add and change."""

    import_formats = [CSV, XLSX]
    import_template_name = "admin/turan/import.html"
    # The preview names what each cell failed; a traceback would only confuse.
    import_error_display = ("message",)

    def has_import_permission(self, request):
        # An import both adds and changes objects.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_import_resource_kwargs(self, request, **kwargs):
        kwargs.pop("form", None)
        return {"form_class": self.get_form(request)}

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # All or nothing: a row refused at the confirm step (the data changed
        # since the preview) rolls the whole file back.
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def import_url(self):
        return reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_import"
        )

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except (FileNotFoundError, ValueError, IndexError):
            # The preview's temporary file is gone (cleaned up, or kept by
            # another server), or the confirm form was not the one we sent.
            messages.error(request, _("The uploaded file is no longer available; upload it again."))
            return redirect(self.import_url())

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                _("Nothing was imported: some rows no longer pass. Upload the file again."),
            )
            return redirect(self.import_url())
        return super().process_result(result, request)
