from django.conf import settings
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.core.files.storage import FileSystemStorage


class PackagedManifestStaticFilesStorage(ManifestStaticFilesStorage):
    """Hashed static names, with the manifest read from the package instead of STATIC_ROOT."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "manifest_storage", FileSystemStorage(location=settings.STATIC_MANIFEST_DIR)
        )
        super().__init__(*args, **kwargs)
