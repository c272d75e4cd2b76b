"""The database's part of a backup, per vendor, through its own tools.

PostgreSQL: pg_dump in plain SQL, taken in the very snapshot in which the rows are counted
(pg_export_snapshot), restored by psql in one transaction. SQLite (the demo): the sqlite3
backup API, which copies a consistent snapshot. Client tools must match the server's major
version (PG_BIN points at another directory of them).
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import psycopg
from django.db import connection

from operations.manifest import BackupError

FILES = {"postgresql": "database.sql", "sqlite": "database.sqlite3"}
# Only the tables Django reads; the row counts are compared by name after the restore.
TABLES_SQL = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
RESET_SCHEMA = "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"


def vendor() -> str:
    if connection.vendor not in FILES:
        raise BackupError(f"databanken van het type {connection.vendor} worden niet ondersteund.")
    return connection.vendor


def _tool(name: str) -> str:
    found = shutil.which(name, path=os.environ.get("PG_BIN") or None)
    if not found:
        raise BackupError(f"het programma {name} is niet gevonden. Installeer de PostgreSQL-clienttools "
                          "(dezelfde hoofdversie als de server) of zet PG_BIN op hun map.")
    return found


def _pg_settings() -> dict:
    s = connection.settings_dict
    found = {"host": s["HOST"], "port": s["PORT"], "user": s["USER"], "password": s["PASSWORD"],
             "dbname": s["NAME"]}
    return {key: str(value) for key, value in found.items() if value}


def _pg_env() -> dict:
    env = dict(os.environ)
    env.update({f"PG{key.upper()}" if key != "dbname" else "PGDATABASE": value
                for key, value in _pg_settings().items()})
    return env


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)
    if result.returncode:
        raise BackupError(f"{Path(command[0]).name} faalde: {result.stderr.strip()[-800:]}")


def _count(cursor, tables) -> dict[str, int]:
    quote = connection.ops.quote_name
    return {table: cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}").fetchone()[0] for table in tables}


def dump(target: Path) -> dict[str, int]:
    """Write the database to target; returns the row count per table in the same snapshot."""
    if vendor() == "sqlite":
        return _dump_sqlite(target)
    with psycopg.connect(**_pg_settings()) as snapshot:
        snapshot.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot_id = snapshot.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = _count(snapshot.cursor(), [row[0] for row in snapshot.execute(TABLES_SQL)])
        _run([_tool("pg_dump"), "--format=plain", "--no-owner", "--no-privileges",
              f"--snapshot={snapshot_id}", f"--file={target}"])
    return counts


def _dump_sqlite(target: Path) -> dict[str, int]:
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
        tables = [r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        counts = _count(copy, tables)
    copy.close()
    return counts


def tables() -> list[str]:
    return connection.introspection.table_names()


def load(source: Path, replace: bool) -> None:
    """Load the dump; replace drops what the database holds, in the same transaction."""
    connection.close()
    if vendor() == "sqlite":
        with sqlite3.connect(source) as backup:
            connection.ensure_connection()
            backup.backup(connection.connection)
        backup.close()
        return
    reset = ["--command", RESET_SCHEMA] if replace else []
    _run([_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction", "--set", "ON_ERROR_STOP=1",
          *reset, "--file", str(source)])


def counts(names) -> dict[str, int]:
    connection.close()  # a fresh connection sees what the restore wrote
    with connection.cursor() as cursor:
        quote = connection.ops.quote_name
        found = {}
        for table in names:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
            found[table] = cursor.fetchone()[0]
    return found
