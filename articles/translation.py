from modeltranslation.translator import TranslationOptions, register

from articles.models import Article, Section


@register(Section)
class SectionTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = {"default": ()}


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "slug",
        "lead",
        "body",
        "caption",
        "translator",
        "search_description",
        "published_at",
    )
    required_languages = {"default": ()}
