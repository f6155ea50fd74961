"""Uploads in an S3-compatible bucket, linked through Turan's own ``/media/``.

``MEDIA_STORAGE=s3`` (turan/settings.py) keeps uploads in a bucket with
django-storages. Pages still link ``MEDIA_URL`` addresses, never the bucket's:
public/media.py decides who may see each file (an embargoed piece's image is
for staff only) and reads it from the bucket, and nginx (or a CDN) keeps the
public ones. The bucket stays private, and a page's HTML is the same whatever
node renders it (no signed, expiring bucket addresses in the page cache).
"""

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class MediaBucketStorage(S3Storage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name).lstrip("/"))
