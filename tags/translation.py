from modeltranslation.translator import TranslationOptions, register

from tags.models import Tag


@register(Tag)
class TagTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = {"default": ()}
