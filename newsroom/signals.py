from django.db.models.signals import post_save
from django.dispatch import receiver

from articles.models import Article
from newsroom.history import record_saved_article


@receiver(post_save, sender=Article, dispatch_uid="article_record_revision")
def record_article_revision(sender, instance, raw=False, **kwargs):
    """Record a revision for every save; the admin records its own after tags and bylines."""
    if raw or getattr(instance, "_revision_deferred", False):
        return
    record_saved_article(instance)
