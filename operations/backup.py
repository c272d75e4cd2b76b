"""Backup and restore of the whole system: the database and everything under MEDIA_ROOT.

A backup directory holds the database dump, media/ (a copy of MEDIA_ROOT: attachments and
decision letters) and manifest.json. A restore first checks the whole backup against the
manifest and the target for emptiness, and only then writes: a damaged backup changes nothing.
Afterwards it counts the rows of every table again and compares them with the manifest.
"""

import shutil
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from operations import database, manifest
from operations.manifest import BackupError

MEDIA = "media"


class CountMismatch(BackupError):
    """The restore ran, but the database does not hold what the manifest counted."""

__all__ = ["BackupError", "CountMismatch", "make_backup", "restore_backup"]


def make_backup(directory: Path) -> dict:
    """Dump the database first, then copy the media: a file a dumped row points to exists by then."""
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"de map {directory} is niet leeg. Kies een nieuwe map per reservekopie.")
    directory.mkdir(parents=True, exist_ok=True)
    vendor = database.vendor()
    row_counts = database.dump(directory / database.FILES[vendor])
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir():
        shutil.copytree(media, directory / MEDIA)
    contents = {
        "format": manifest.FORMAT,
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "database": {"vendor": vendor, "file": database.FILES[vendor]},
        "files": manifest.describe(directory),
        "row_counts": row_counts,
    }
    manifest.write(directory, contents)
    return contents


def restore_backup(directory: Path, force: bool = False) -> dict:
    contents = manifest.read(directory)
    manifest.verify(directory, contents)
    _check_database(contents)
    media = Path(settings.MEDIA_ROOT)
    _check_target(media, force)
    database.load(directory / contents["database"]["file"], replace=force)
    _restore_media(directory / MEDIA, media, contents)
    _compare_counts(contents["row_counts"])
    return contents


def _check_database(contents: dict) -> None:
    vendor, expected = database.vendor(), contents["database"]
    if expected.get("vendor") != vendor or expected.get("file") not in contents["files"]:
        raise BackupError(f"deze reservekopie is van een {expected.get('vendor')}-databank en de "
                          f"doeldatabank is {vendor}; zet ze terug in hetzelfde soort databank.")


def _check_target(media: Path, force: bool) -> None:
    if force:
        return
    if tables := database.tables():
        raise BackupError(f"de databank is niet leeg ({len(tables)} tabellen). Zet terug in een lege "
                          "databank, of gebruik --force om alles erin te vervangen.")
    if media.is_dir() and any(media.iterdir()):
        raise BackupError(f"de map voor uploads ({media}) is niet leeg. Zet terug in een lege map, "
                          "of gebruik --force om haar inhoud te vervangen.")


def _restore_media(source: Path, media: Path, contents: dict) -> None:
    media.mkdir(parents=True, exist_ok=True)
    for old in media.iterdir():  # none, or --force; the folder itself may be a mounted volume
        shutil.rmtree(old) if old.is_dir() else old.unlink()
    prefix = f"{MEDIA}/"
    for name in contents["files"]:
        if name.startswith(prefix):
            target = media / name.removeprefix(prefix)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name.removeprefix(prefix), target)


def _compare_counts(expected: dict[str, int]) -> None:
    found = database.counts(expected)
    wrong = [f"{table} ({found[table]} in plaats van {n})"
             for table, n in expected.items() if found[table] != n]
    if wrong:
        raise CountMismatch("na het terugzetten klopt het aantal rijen niet voor: " + ", ".join(wrong))
