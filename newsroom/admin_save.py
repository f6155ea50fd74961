"""The article change form's POST: the form and its inlines validate, and
``newsroom.actions.save_article`` saves, merging concurrent edits.

Django's ``ModelAdmin._changeform_view`` saves the form it has just validated
and has no way back to the form once the save has begun. Here the POST is
handled in the same steps, except that saving is one call to the editorial
action, whose refusal (a conflict with someone else's save, a check of its
own) comes back to the form as errors; GET requests are Django's. The same
steps show a posted form again without saving it (``unsaved_form_view``),
after a save the database cut short.
"""

from django.contrib.admin import helpers
from django.contrib.admin.exceptions import DisallowedModelAdminToField
from django.contrib.admin.options import IS_POPUP_VAR, TO_FIELD_VAR
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.forms.formsets import all_valid
from django.utils.translation import gettext

from core.db.routing import reading_alias
from newsroom import actions
from newsroom.outdated import checked_languages

ADD_TITLE, CHANGE_TITLE = "Add %s", "Change %s"


class ArticleSaveMixin:
    def _changeform_view(self, request, object_id, form_url, extra_context):
        if request.method != "POST":
            return super()._changeform_view(request, object_id, form_url, extra_context)
        return self._posted_change_form(request, object_id, form_url, extra_context)

    def unsaved_form_view(self, request, object_id, form_url, extra_context, reason):
        """Show the posted form again with ``reason`` above it, saving nothing."""
        # Read-only (the primary away, public/replica.py): the form is drawn from
        # the replica the request reads.
        using = (
            reading_alias()
            if getattr(request, "database_read_only", False)
            else router.db_for_write(self.model)
        )
        with transaction.atomic(using=using):
            return self._posted_change_form(
                request, object_id, form_url, extra_context, unsaved=reason
            )

    def _posted_change_form(self, request, object_id, form_url, extra_context, unsaved=None):
        to_field = request.POST.get(TO_FIELD_VAR, request.GET.get(TO_FIELD_VAR))
        if to_field and not self.to_field_allowed(request, to_field):
            raise DisallowedModelAdminToField(f"The field {to_field} cannot be referenced.")
        if "_saveasnew" in request.POST:
            object_id = None
        add = object_id is None
        if add:
            if not self.has_add_permission(request):
                raise PermissionDenied
            obj = None
        else:
            obj = self.get_object(request, unquote(object_id), to_field)
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
            if obj is None:
                return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)

        fieldsets = self.get_fieldsets(request, obj)
        ModelForm = self.get_form(request, obj, change=not add, fields=flatten_fieldsets(fieldsets))
        form = ModelForm(request.POST, request.FILES, instance=obj)
        formsets, inline_instances = self._create_formsets(request, form.instance, change=not add)
        form_validated = form.is_valid()
        if unsaved is not None:
            form.add_error(None, unsaved)
        elif form_validated:
            result = self.save_change_form(request, form, formsets, change=not add)
            if result is not None and result.saved:
                article = result.article
                change_message = self.construct_change_message(request, form, formsets, add)
                if add:
                    self.log_addition(request, article, change_message)
                    return self.response_add(request, article)
                self.log_change(request, article, change_message)
                return self.response_change(request, article)

        # Shown again: Django's change form for a posted form that was not saved.
        admin_form = helpers.AdminForm(
            form,
            list(fieldsets),
            self.get_prepopulated_fields(request, obj),
            self.get_readonly_fields(request, obj),
            model_admin=self,
        )
        media = self.media + admin_form.media
        inline_formsets = self.get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in inline_formsets:
            media += inline_formset.media
        # Django's own strings, in its catalogue (named, so that makemessages leaves them).
        title = gettext(ADD_TITLE if add else CHANGE_TITLE)
        context = {
            **self.admin_site.each_context(request),
            "title": title % self.opts.verbose_name,
            "subtitle": str(obj) if obj else None,
            "adminform": admin_form,
            "object_id": object_id,
            "original": obj,
            "is_popup": IS_POPUP_VAR in request.POST or IS_POPUP_VAR in request.GET,
            "to_field": to_field,
            "media": media,
            "inline_admin_formsets": inline_formsets,
            "errors": helpers.AdminErrorList(form, formsets),
            "preserved_filters": self.get_preserved_filters(request),
        }
        if "_saveasnew" in request.POST:
            context["show_save"] = False
            context["show_save_and_continue"] = False
            add = False
        context.update(extra_context or {})
        return self.render_change_form(
            request, context, add=add, change=not add, obj=obj, form_url=form_url
        )

    def save_change_form(self, request, form, formsets, change):
        """Save the valid ``form`` and its inline ``formsets`` through
        ``newsroom.actions.save_article``; return its result, or None when the
        inlines or the action's own checks refused the save (the errors are on
        the form and the formsets)."""
        article = self.save_form(request, form, change)
        changes = form.changes()
        for formset in formsets:
            name = getattr(formset, "concurrency_field", None)
            if name:
                changes[name] = formset.posted_items()
        base = form.cleaned_data.get("base_revision")
        # An inline row someone else removed meanwhile no longer validates: ask
        # first which lists stay as stored, then validate the rows.
        merge = actions.merge_changes(article, changes, base_revision=base)
        if merge.conflicts:
            form.show_refusal(merge, formsets)
            return merge
        form.keep_stored_lists(merge, formsets)
        if not all_valid(formsets):
            return None

        def save_inlines(result):
            form.keep_stored_lists(result, formsets)
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)

        try:
            result = actions.save_article(
                article,
                changes,
                user=request.user,
                base_revision=base,
                corrections=form.marked_changes(),
                checked=checked_languages(form),
                save_related=save_inlines,
                hold_live=form.held_languages(),
            )
        except ValidationError as error:
            form.show_errors(error)
            return None
        if not result.saved:
            form.show_refusal(result, formsets)
            return result
        self.report_pending(request, result)
        self.report_publication(request, result.article, form)
        self.report_incomplete(request, result.article)
        self.report_quote_mismatch(request, result.article)
        return result
