"""`make backup` / `make restore`: a backup restored into a fresh database gives the same rows and files."""

import hashlib
import json
import os
import stat
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.db import connection

from core.backup import backup, row_counts
from tests import factories as f
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db(transaction=True)


def _manage(*args, env):
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tamky_kdc.settings.local", **env}
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def fresh_database(tmp_path):
    """The URL of an empty database of the same engine as the test run."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    db = connection.settings_dict
    name = f"kdc_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    user = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    yield f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restored_into_a_fresh_database_has_the_same_rows_and_files(tmp_path, fresh_database):
    ward = f.WardFactory()
    f.ResidentialAreaFactory.create_batch(3, ward=ward)
    f.ward_officer(ward=ward)
    evidence = settings.MEDIA_ROOT / "evidence" / "ab" / "photo.jpg"
    evidence.parent.mkdir(parents=True, exist_ok=True)
    evidence.write_bytes(os.urandom(4096))
    checksum = hashlib.sha256(evidence.read_bytes()).hexdigest()
    expected = row_counts()

    archive = backup(tmp_path / "backups")
    assert archive.exists() and not list((tmp_path / "backups").glob("*.partial"))

    restored_media = tmp_path / "restored-media"
    env = {"DATABASE_URL": fresh_database, "MEDIA_ROOT": str(restored_media)}
    _manage("restore", str(archive), env=env)
    counts = json.loads(
        _manage(
            "shell",
            "-c",
            "import json; from core.backup import row_counts; print(json.dumps(row_counts()))",
            env=env,
        )
        .strip()
        .splitlines()[-1]
    )
    assert counts == expected
    assert counts["wards.residentialarea"] == 3
    restored = restored_media / "evidence" / "ab" / "photo.jpg"
    assert hashlib.sha256(restored.read_bytes()).hexdigest() == checksum


def test_restore_refuses_a_missing_archive(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "nope.tar.gz")],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tamky_kdc.settings.local"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "No such archive" in result.stderr


@pytest.mark.django_db
def test_a_backup_archive_is_readable_by_its_owner_only(tmp_path):
    archive = backup(tmp_path / "backups")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
