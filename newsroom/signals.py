from django.dispatch import receiver

from articles.models import Article, article_saved
from newsroom.history import record_revision


@receiver(article_saved, sender=Article, dispatch_uid="article_record_revision")
def record_article_revision(sender, instance, **kwargs):
    """Record a revision for every ``Article.save()`` that does not record its own
    (newsroom.actions saves with ``record_revision=False`` and records with the user)."""
    record_revision(instance)
