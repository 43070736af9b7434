"""Media storage in S3. Imported only when a media file is read or written (it loads boto3)."""

from django.conf import settings
from storages.backends.s3 import S3Storage


class MediaS3Storage(S3Storage):
    """Media in S3, addressed through the shop's own domain.

    CloudFront serves /media/* from the same bucket, so URLs stay same-origin and the
    bucket stays private.
    """

    def url(self, name, parameters=None, expire=None, http_method=None):
        return f"{settings.MEDIA_URL}{name.lstrip('/')}"
