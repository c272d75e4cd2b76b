"""manifest.json: what a backup holds, so a restore can prove it is whole before touching anything.

Every file of the backup (the database dump and each upload) is listed with its SHA-256 and
size, and every table with its number of rows at the moment of the dump.
"""

import hashlib
import json
from pathlib import Path

FORMAT = "lokaleregie-backup/1"
NAME = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be made or restored; the message is Dutch and says what to do."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def describe(root: Path) -> dict[str, dict]:
    """{relative path: {sha256, size}} for every file under root, in a stable order."""
    return {path.relative_to(root).as_posix(): {"sha256": sha256_of(path), "size": path.stat().st_size}
            for path in sorted(root.rglob("*")) if path.is_file() and path.name != NAME}


def write(root: Path, manifest: dict) -> None:
    (root / NAME).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")


def read(root: Path) -> dict:
    """The manifest, refused when it is missing, unreadable or lacks a part."""
    path = root / NAME
    if not root.is_dir():
        raise BackupError(f"de map {root} bestaat niet.")
    if not path.is_file():
        raise BackupError(f"de reservekopie is onvolledig: {NAME} ontbreekt in {root}. "
                          "Zonder manifest kan niet gecontroleerd worden of alles er is.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if manifest["format"] != FORMAT:
            raise ValueError(f"onbekend formaat {manifest['format']!r}")
        for key in ("database", "files", "row_counts", "created_at"):
            manifest[key]  # noqa: B018 - a missing part raises KeyError
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{NAME} in {root} is beschadigd en niet leesbaar ({error}). "
                          "Gebruik een andere reservekopie.") from error
    return manifest


def verify(root: Path, manifest: dict) -> None:
    """Every listed file is there, inside the backup, with its size and SHA-256."""
    for name, expected in manifest["files"].items():
        path = (root / name).resolve()
        if not path.is_relative_to(root.resolve()):
            raise BackupError(f"{NAME} noemt een bestand buiten de reservekopie: {name}.")
        if not path.is_file():
            raise BackupError(f"de reservekopie is onvolledig: het bestand {name} ontbreekt.")
        if path.stat().st_size != expected["size"] or sha256_of(path) != expected["sha256"]:
            raise BackupError(f"de reservekopie is beschadigd: het bestand {name} is niet meer "
                              "hetzelfde als bij het maken ervan (SHA-256 klopt niet).")
