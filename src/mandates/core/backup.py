"""Backup and restore of the whole system: the database and the uploaded files (MEDIA_ROOT), in one archive.

The archive (a .tar.gz) holds:

- ``database.sqlite3`` (SQLite's online backup API: a consistent copy while the system runs) or
  ``database.pgdump`` (``pg_dump`` custom format; the client's major version must be at least the server's);
- ``media/...``: the uploaded files;
- ``manifest.json``: format, database engine (and PostgreSQL server version), the applied migrations,
  and the SHA-256 of every member.

Restore refuses an archive whose checksums do not match (tampered or truncated), that was made on the
other engine, or whose migrations differ from this version of Mandates' (migrate first, or restore with the
version that made it).
"""
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

FORMAT = "mandates-backup/1"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine() -> str:
    return connection.vendor  # "sqlite" or "postgresql"


def _applied_migrations() -> list[str]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.applied_migrations)


def _code_migrations() -> list[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.disk_migrations)


def _pg_env() -> tuple[list[str], dict]:
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    args = ["-h", db.get("HOST") or "localhost", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or ""]
    return args, env


def _major(version_text: str) -> int:
    return int("".join(ch for ch in version_text.split()[-1].split(".")[0] if ch.isdigit()))


def _pg_server_major() -> int:
    return connection.pg_version // 10000


def _check_pg_client(tool: str) -> None:
    client = _major(subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout)
    if client < _pg_server_major():
        raise ValidationError(f"{tool} {client} is older than the PostgreSQL server ({_pg_server_major()}); "
                              f"install the client of the server's version.")


def backup(target: Path) -> dict:
    """Write the archive; return its manifest."""
    target = Path(target)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        manifest = {"format": FORMAT, "created": datetime.now(UTC).isoformat(), "engine": _engine(),
                    "migrations": _applied_migrations(), "files": {}}
        if manifest["engine"] == "sqlite":
            dump = work / "database.sqlite3"
            connection.ensure_connection()
            destination = sqlite3.connect(dump)
            with destination:
                connection.connection.backup(destination)
            destination.close()
        elif manifest["engine"] == "postgresql":
            _check_pg_client("pg_dump")
            manifest["server_version"] = connection.pg_version
            dump = work / "database.pgdump"
            args, env = _pg_env()
            subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(dump), *args, connection.settings_dict["NAME"]],
                           env=env, check=True, capture_output=True)
        else:
            raise ValidationError(f"Backups of a {manifest['engine']} database are not supported.")
        members = {dump.name: dump}
        media = Path(settings.MEDIA_ROOT) if getattr(settings, "MEDIA_ROOT", "") else None
        if media is not None and media.is_dir():
            for path in sorted(p for p in media.rglob("*") if p.is_file()):
                members["media/" + path.relative_to(media).as_posix()] = path
        manifest["files"] = {name: _sha256(path) for name, path in members.items()}
        (work / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / "manifest.json", arcname="manifest.json")
            for name, path in members.items():
                archive.add(path, arcname=name)
        partial.replace(target)
    return manifest


def _safe_extract(archive: tarfile.TarFile, into: Path) -> None:
    for member in archive.getmembers():
        if not (member.isfile() or member.isdir()):
            raise ValidationError(f"The archive holds “{member.name}”, which is not a plain file.")
    archive.extractall(into, filter="data")


def read_manifest(source: Path, into: Path) -> dict:
    """Unpack and check an archive; return its manifest. Nothing is changed yet."""
    try:
        with tarfile.open(source, "r:gz") as archive:
            _safe_extract(archive, into)
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise ValidationError(f"{source} is not a readable Mandates backup ({exc}).") from exc
    try:
        manifest = json.loads((into / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationError(f"{source} has no readable manifest.") from exc
    if manifest.get("format") != FORMAT:
        raise ValidationError(f"{source} is not a {FORMAT} archive.")
    present = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()} - {"manifest.json"}
    if present != set(manifest.get("files", {})):
        raise ValidationError("The archive's files differ from its manifest: refused.")
    for name, expected in manifest["files"].items():
        if _sha256(into / name) != expected:
            raise ValidationError(f"“{name}” does not match its checksum: the archive was changed or damaged.")
    if manifest["engine"] != _engine():
        raise ValidationError(f"The backup is of a {manifest['engine']} database; this one is {_engine()}.")
    if manifest["migrations"] != _code_migrations():
        missing = sorted(set(_code_migrations()) - set(manifest["migrations"]))[:5]
        extra = sorted(set(manifest["migrations"]) - set(_code_migrations()))[:5]
        raise ValidationError("The backup was made by another version of Mandates (migrations differ: "
                              f"not in the backup {missing}, unknown here {extra}).")
    return manifest


def restore(source: Path) -> dict:
    """Replace the database and the uploaded files with the archive's."""
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        manifest = read_manifest(Path(source), work)
        if manifest["engine"] == "sqlite":
            origin = sqlite3.connect(work / "database.sqlite3")
            connection.ensure_connection()
            with origin:
                origin.backup(connection.connection)
            origin.close()
        else:
            _check_pg_client("pg_restore")
            if manifest.get("server_version", 0) // 10000 > _pg_server_major():
                raise ValidationError("The backup comes from a newer PostgreSQL server than this one.")
            args, env = _pg_env()
            connection.close()
            done = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                                   *args, "-d", connection.settings_dict["NAME"], str(work / "database.pgdump")],
                                  env=env, capture_output=True, text=True)
            if done.returncode:
                raise ValidationError(f"pg_restore failed: {done.stderr.strip()[-500:]}")
        media = Path(settings.MEDIA_ROOT)
        if (work / "media").is_dir():
            if media.is_dir():
                shutil.rmtree(media)
            shutil.copytree(work / "media", media)
    return manifest
