from django.conf import settings
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage


class PackagedManifestStaticFilesStorage(ManifestStaticFilesStorage):
    """Hashed static names, with the manifest read from the package instead of STATIC_ROOT."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "manifest_storage", FileSystemStorage(location=settings.STATIC_MANIFEST_DIR)
        )
        super().__init__(*args, **kwargs)


class MediaS3Storage(S3Storage):
    """Media in S3, addressed through the shop's own domain.

    CloudFront serves /media/* from the same bucket, so URLs stay same-origin and the
    bucket stays private.
    """

    def url(self, name, parameters=None, expire=None, http_method=None):
        return f"{settings.MEDIA_URL}{name.lstrip('/')}"
