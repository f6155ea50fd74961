from django.dispatch import receiver

from articles.models import Article, article_saved
from newsroom.history import record_saved_article


@receiver(article_saved, sender=Article, dispatch_uid="article_record_revision")
def record_article_revision(sender, instance, **kwargs):
    """Record a revision for every ``Article.save()`` that does not record its own
    (``record_revision=False``: the admin records after tags and bylines)."""
    record_saved_article(instance)
