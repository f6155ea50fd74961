from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from articles.models import Section
from core.i18n import column, localized


class SignupForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    language = forms.ChoiceField(
        label=_("Language of the newsletter"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )
    sections = forms.ModelMultipleChoiceField(
        label=_("Sections"),
        help_text=_("Leave all unticked to receive every section."),
        queryset=Section.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language
        sections = self.fields["sections"]
        sections.queryset = Section.objects.order_by("position", column("name", language), "pk")

    def section_choices(self):
        """``(pk, name, checked)``; a name that falls back carries its own language."""
        chosen = {str(value) for value in (self["sections"].value() or ())}
        return [
            (section.pk, localized(section, "name"), str(section.pk) in chosen)
            for section in self.fields["sections"].queryset
        ]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
