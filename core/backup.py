"""Backup and restore of the whole portal: the database plus uploaded and generated files.

One archive (tar.gz) holds `database.dump` (pg_dump custom format) or `database.sqlite3`, the folder
`media/`, and `manifest.json` (engine, time, row counts) so a restore can be checked.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone


class BackupError(Exception):
    pass


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return args


def row_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in apps.get_models() if m._meta.managed}


def _run(command: list[str], env: dict | None = None) -> None:
    # The commands are fixed (pg_dump/pg_restore) and their arguments come from settings, not users.
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:500]}")


def backup(destination: Path | None = None) -> Path:
    """Write an archive and return its path."""
    db = connection.settings_dict
    folder = Path(destination or settings.VAR_DIR / "backups")
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive = folder / f"kdc-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if connection.vendor == "postgresql":
            _run(
                [
                    "pg_dump",
                    "-Fc",
                    "--no-owner",
                    "-f",
                    str(work / "database.dump"),
                    *_pg_args(db),
                    str(db["NAME"]),
                ],
                env=_pg_env(db),
            )
        elif connection.vendor == "sqlite":
            with sqlite3.connect(work / "database.sqlite3") as target:
                connection.ensure_connection()
                connection.connection.backup(target)
        else:
            raise BackupError(f"unsupported database engine {connection.vendor}")
        manifest = {"engine": connection.vendor, "created": timezone.now().isoformat(), "rows": row_counts()}
        (work / "manifest.json").write_text(json.dumps(manifest, indent=1))
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            for name in ("manifest.json", "database.dump", "database.sqlite3"):
                if (work / name).exists():
                    tar.add(work / name, arcname=name)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                tar.add(media, arcname="media")
        partial.replace(archive)  # never leave a half-written archive under the final name
    return archive


def restore(archive: Path) -> dict:
    """Replace the database and the files with the archive's; returns its manifest."""
    db = connection.settings_dict
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")  # refuses absolute paths and '..' members
        manifest = json.loads((work / "manifest.json").read_text())
        if manifest["engine"] != connection.vendor:
            raise BackupError(f"the archive holds a {manifest['engine']} database, not {connection.vendor}")
        if connection.vendor == "postgresql":
            connection.close()
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "-d",
                    str(db["NAME"]),
                    *_pg_args(db),
                    str(work / "database.dump"),
                ],
                env=_pg_env(db),
            )
        else:
            connection.ensure_connection()
            with sqlite3.connect(work / "database.sqlite3") as source:
                source.backup(connection.connection)
        media = Path(settings.MEDIA_ROOT)
        if (work / "media").exists():
            if media.exists():
                shutil.rmtree(media)
            shutil.copytree(work / "media", media)
    return manifest
