"""The admin site: Django's, plus the staff second factor (newsroom/two_factor.py)."""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _

from newsroom import admin_language, two_factor


class AutocompleteView(AutocompleteJsonView):
    """Django's autocomplete, naming an article by its title in every language it
    has one (the original first): an editor searching an English title sees it,
    not only the original's."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        titles = getattr(obj, "autocomplete_titles", None)
        if titles is not None:
            result["text"] = " · ".join(f"{title} [{code}]" for code, title in titles())
        return result


class TuranAdminSite(admin.AdminSite):
    site_header = _("Turan newsroom")
    site_title = _("Turan newsroom")
    index_title = _("Articles, people and topics")
    login_form = two_factor.StaffAuthenticationForm

    def has_permission(self, request):
        # A session signed in before the second factor was turned on (another
        # browser, say) must sign in again, with a code.
        if not super().has_permission(request):
            return False
        return two_factor.confirmed_device(request.user) is None or request.user.is_verified()

    def has_staff_access(self, request):
        """The admin's whole test, for staff pages outside its URLs (previews):
        ``has_permission``, and a device first where one is required."""
        return self.has_permission(request) and not two_factor.must_enrol(request.user)

    def admin_view(self, view, cacheable=False):
        wrapped = super().admin_view(view, cacheable)
        if view in self._usable_before_enrolment():
            return wrapped

        @wraps(wrapped)
        def enrolled_first(request, *args, **kwargs):
            if two_factor.must_enrol(request.user):
                return redirect("admin:two_step")
            return wrapped(request, *args, **kwargs)

        return enrolled_first

    def _usable_before_enrolment(self):
        return {
            self.two_step,
            self.logout,
            self.password_change,
            self.password_change_done,
            self.i18n_javascript,
            self.interface_language,
        }

    def two_step(self, request):
        return two_factor.two_step_view(self, request)

    def autocomplete_view(self, request):
        return AutocompleteView.as_view(admin_site=self)(request)

    def interface_language(self, request):
        return admin_language.choose_admin_language(request)

    def get_urls(self):
        return [
            path("two-step/", self.admin_view(self.two_step), name="two_step"),
            path(
                "interface-language/",
                self.admin_view(self.interface_language),
                name="interface_language",
            ),
            *super().get_urls(),
        ]
