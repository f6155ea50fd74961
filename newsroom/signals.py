from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.models import Article, ArticleRevision, TranslationState, article_saved
from newsroom import notify, two_factor, workflow
from newsroom.history import record_revision


@receiver(article_saved, sender=Article, dispatch_uid="article_record_revision")
def record_article_revision(sender, instance, **kwargs):
    """Record a revision for every ``Article.save()`` that does not record its own
    (newsroom.actions saves with ``record_revision=False`` and records with the user)."""
    record_revision(instance)


pre_save.connect(
    two_factor.discard_keys_on_password_change,
    sender=settings.AUTH_USER_MODEL,
    dispatch_uid="two_step_discard_keys_on_password_change",
)
post_delete.connect(
    two_factor.recovery_codes_follow_the_app,
    sender=TOTPDevice,
    dispatch_uid="two_step_recovery_codes_follow_the_app",
)
# A translation that becomes outdated tells its translator (newsroom/notify.py).
pre_save.connect(
    notify.remember_outdated, sender=TranslationState, dispatch_uid="outdated_remember"
)
post_save.connect(
    notify.on_translation_state_saved, sender=TranslationState, dispatch_uid="outdated_notify"
)
post_save.connect(
    workflow.reopen_after_edit, sender=ArticleRevision, dispatch_uid="review_reopen_after_edit"
)
