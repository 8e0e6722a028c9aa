"""The connection core: open, configure and migrate a tracker database; transactions, bulk loads, backups.

Opening a database uses the standard library only, so `tracker add` starts fast; sqlite-utils
(migrations) is imported only when a schema has to change.
"""

import contextlib
import os
import sqlite3
from pathlib import Path

from ..model.errors import DatabaseFault, DatabaseMissing, InvalidInput, TrackerError

SCHEMA_VERSION = 13  # number of migrations in tracker/store/migrations.py
DEFAULT_DB = Path("db") / "tracker.db"


def default_db_path() -> Path:
    return Path(os.environ.get("TRACKER_DB") or DEFAULT_DB)


def is_tracker_database(path) -> bool:
    """Whether a SQLite file was made by the tracker (it has a campaigns table); opened read-only."""
    path = Path(path)
    if not path.exists():
        return False
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'campaigns'").fetchone() is not None
    except sqlite3.DatabaseError:  # not a database at all
        return False
    finally:
        conn.close()


def busy_timeout_s() -> float:
    """How long a writer waits for another to finish: 30 s, or TRACKER_BUSY_TIMEOUT seconds."""
    try:
        return max(0.0, float(os.environ.get("TRACKER_BUSY_TIMEOUT", "30")))
    except ValueError:
        return 30.0


def explain_fault(error: sqlite3.Error, path) -> DatabaseFault:
    """What a SQLite error on the database file means for the user, and what to do, in one line."""
    code = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    if code.startswith("SQLITE_BUSY") or "locked" in text:
        return DatabaseFault(f"The database {path} is locked by another writer for over {busy_timeout_s():g} s: retry when it "
                             f"finishes (see who holds it with 'fuser {path}')")
    if code.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text or "not a database" in text:
        return DatabaseFault(f"{path} is damaged or is not a tracker database ({text}): restore it from a copy "
                             f"made with 'tracker backup', or create a new one with 'tracker init --db NEW'")
    if code.startswith("SQLITE_READONLY") or "readonly" in text:
        return DatabaseFault(f"The database {path} is read-only ({text}): recording needs write permission on "
                             f"the file and on its folder (SQLite writes a journal beside it)")
    if code.startswith("SQLITE_FULL") or "disk is full" in text:
        return DatabaseFault(f"The disk holding {path} is full: free some space and try again; nothing was written")
    if code.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return DatabaseFault(f"Cannot open the database {path}: it is a folder, or its folder cannot be read "
                             f"or written; give a database file, e.g. db/tracker.db")
    if code.startswith("SQLITE_IOERR") or "disk I/O" in text:
        return DatabaseFault(f"Reading or writing {path} failed ({text}): check the disk, then retry")
    return DatabaseFault(f"The database {path} could not be used: {text}")


class Database:
    """A tracker database file. `TrackerDB(path, create=True)` creates and migrates it."""

    def __init__(self, path=None, *, create: bool = False, readonly: bool = False):
        self.path = Path(path) if path else default_db_path()
        if not self.path.exists() and not create:
            raise DatabaseMissing(
                f"No tracker database at {self.path}: create it with 'tracker init --db {self.path}'"
            )
        if self.path.is_dir():
            raise DatabaseFault(f"{self.path} is a folder: give the database file, e.g. {self.path / 'tracker.db'}")
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._sqlite_utils_db = None
        try:
            version = self._connect(readonly)
        except sqlite3.Error as error:
            raise explain_fault(error, self.path) from None
        if version < SCHEMA_VERSION:
            if create:
                self.migrate()
            else:
                raise DatabaseMissing(
                    f"The database at {self.path} needs setting up: run 'tracker init --db {self.path}'"
                )
        if create:
            self.conn.execute("PRAGMA journal_mode = WAL")

    def _connect(self, readonly: bool) -> int:
        """Open the file and return its schema version. A database in a folder this process cannot write
        is opened immutable (read-only, no journal), so it can still be read and served."""
        uri = self.path.resolve().as_uri()
        if readonly or (self.path.exists() and not os.access(self.path.parent, os.W_OK)):
            uri += "?mode=ro" if os.access(self.path.parent, os.W_OK) else "?immutable=1"
        wait = busy_timeout_s()
        self.conn = sqlite3.connect(uri, uri=True, timeout=wait, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA cache_size = -16384")  # 16 MB: SQLite's 2 MB default thrashes on event indexes
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    @classmethod
    def from_connection(cls, conn):
        """Wrap a connection opened elsewhere (Datasette's read-only ones) without touching its settings."""
        self = cls.__new__(cls)
        self.path, self.conn, self._sqlite_utils_db = None, conn, None
        return self

    def close(self):
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def db(self):
        """A sqlite_utils.Database on the same connection (imported on first use)."""
        if self._sqlite_utils_db is None:
            import sqlite_utils

            self._sqlite_utils_db = sqlite_utils.Database(self.conn)
        return self._sqlite_utils_db

    def migrate(self):
        from .migrations import migrations

        migrations.apply(self.db)
        applied = len(migrations.applied(self.db))
        self.conn.execute(f"PRAGMA user_version = {int(applied)}")

    @contextlib.contextmanager
    def transaction(self):
        """BEGIN IMMEDIATE ... COMMIT: a writer takes the lock up front, so concurrent writers queue.

        Nested calls become savepoints, so a whole load can be all-or-nothing.
        """
        if self.conn.in_transaction:
            self._savepoints = getattr(self, "_savepoints", 0) + 1
            name = f"tracker_{self._savepoints}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            else:
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    @contextlib.contextmanager
    def bulk_load(self, cache_kb: int = 262144):
        """Settings for loads of many rows that resolve every reference themselves.

        Foreign-key checks off (the pragma only changes outside a transaction) and a page cache of
        cache_kb: with SQLite's 2 MB default, index inserts for 100k events thrash (7.1 s vs 2.0 s). A load
        that builds its indexes at the end needs little (1M events: 8 MB and 256 MB take the same time; the
        larger only costs memory).
        """
        self.conn.execute("PRAGMA foreign_keys = OFF")
        self.conn.execute(f"PRAGMA cache_size = -{int(cache_kb)}")
        try:
            yield
        finally:
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA cache_size = -16384")

    def query(self, sql, params=()):
        cursor = self.conn.cursor()
        cursor.row_factory = sqlite3.Row
        return [dict(row) for row in cursor.execute(sql, params)]

    def data_version(self) -> tuple:
        """Moves whenever anything is committed: by another connection (PRAGMA data_version) or this one."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0], self.conn.total_changes

    def change_token(self) -> tuple:
        """Changes whenever anything a derived view depends on is recorded (tables are append-mostly)."""
        return tuple(self.conn.execute(
            """SELECT (SELECT max(id) FROM events), (SELECT max(id) FROM retractions),
                      (SELECT max(rowid) FROM event_sources), (SELECT max(id) FROM localities),
                      (SELECT count(*) FROM localities WHERE same_as IS NULL), (SELECT max(id) FROM forces),
                      (SELECT group_concat(axes || start_date || region_km) FROM campaigns)"""
        ).fetchone())

    def backup(self, destination) -> dict:
        """A consistent copy while writers carry on (SQLite's online backup API), checked before it is kept."""
        destination = Path(destination)
        if destination.exists():
            raise InvalidInput(f"{destination} exists already: back up to a new file")
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial = destination.with_name(destination.name + ".partial")
        target = sqlite3.connect(str(partial))
        try:
            self.conn.backup(target, pages=1024, sleep=0.005)
            check = target.execute("PRAGMA integrity_check").fetchone()[0]
            events = target.execute("SELECT count(*) FROM events").fetchone()[0]
        finally:
            target.close()
        if check != "ok":
            partial.unlink()
            raise TrackerError(f"The backup failed its integrity check ({check}); nothing was written")
        partial.rename(destination)  # only a checked copy ever carries the final name
        return {"path": str(destination), "events": events, "bytes": destination.stat().st_size}

    def counts(self) -> dict:
        return {
            table: self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("campaigns", "localities", "forces", "sources", "events", "event_sources", "retractions")
        }
