from modeltranslation.translator import TranslationOptions, register

from quotes.models import Quote


@register(Quote)
class QuoteTranslationOptions(TranslationOptions):
    fields = ("text", "speaker_role", "place", "source")
    required_languages = {"default": ()}
