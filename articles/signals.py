from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from articles.models import Article
from quotes.models import Quote


@receiver(pre_save, sender=Article, dispatch_uid="article_prepare")
def prepare_article(sender, instance, raw=False, **kwargs):
    # pre_save also runs for fixtures (raw=True), which skip Model.save().
    instance.prepare_for_save()


@receiver(post_save, sender=Article, dispatch_uid="article_sync_quotes")
def sync_placed_quotes(sender, instance, raw=False, **kwargs):
    """Keep ``Article.quotes`` equal to the quotes placed in the bodies."""
    if raw:
        return
    placed = instance.placed_quote_ids()
    instance.quotes.set(Quote.objects.filter(pk__in=placed) if placed else [])


@receiver(post_save, sender=Article, dispatch_uid="article_sync_figures")
def sync_placed_figures(sender, instance, raw=False, **kwargs):
    """Keep ``Article.figures`` equal to the photos placed in the bodies
    (``prepare_for_save()`` has taken out any the library lacks)."""
    if raw:
        return
    instance.figures.set(sorted(instance.placed_photo_ids()))
