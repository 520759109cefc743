"""Settings for the test suite: fast hashing, in-memory email, files under a throw-away folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="kdc-test-media-"))
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="kdc-test-static-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A file, not an in-memory database, so the live server's threads do not share one connection; in a
# folder of its own, so two test runs (other checkouts, other users) never write to the same file.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    _TEST_DB = Path(tempfile.mkdtemp(prefix="kdc-test-db-")) / "test.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(_TEST_DB)}  # noqa: F405
