from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from articles.history import record_saved_article
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


@receiver(post_save, sender=Article, dispatch_uid="article_record_revision")
def record_article_revision(sender, instance, raw=False, **kwargs):
    """Record a revision for every save; the admin records its own after tags and bylines."""
    if raw or getattr(instance, "_revision_deferred", False):
        return
    record_saved_article(instance)
