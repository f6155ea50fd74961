from django.conf import settings

from core.i18n import current_language


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "CURRENT_LANGUAGE": current_language(),
    }
