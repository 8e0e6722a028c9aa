"""TrackerDB: the tracker's SQLite database and the only module that holds SQL.

Opening a database and recording an event uses the standard library only, so
`tracker add` starts fast; sqlite-utils (migrations, bulk loads) and the
geometry modules are imported only by the operations that need them.
"""

import contextlib
import datetime as dt
import getpass
import json
import os
import sqlite3
from pathlib import Path

from . import history
from .axes import axes_from_json
from .dates import EventDate
from .errors import (
    TrackerError,
    AmbiguousLocality,
    DatabaseMissing,
    DuplicateEvent,
    InvalidDate,
    InvalidInput,
    NotFound,
    UnknownForce,
    UnknownLocality,
)
from .names import closest, fold, loose

SCHEMA_VERSION = 8  # number of migrations in tracker/migrations.py
DEFAULT_DB = Path("db") / "tracker.db"
STATUSES = ("captured", "entered", "encircled", "contested", "lost", "uprising", "withdrawn")


def default_db_path() -> Path:
    return Path(os.environ.get("TRACKER_DB") or DEFAULT_DB)


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers; any fallback is fine
        return "unknown"


def pick_locality(name, rows, region_km=None):
    """Choose among the gazetteer rows a spelling matched; raise AmbiguousLocality if it cannot."""
    exact = [r for r in rows if fold(r["name"]) == fold(name)]
    if len(exact) == 1:
        return exact[0]
    primary = [r for r in rows if r["same_as"] is None]
    if len(primary) == 1:
        return primary[0]
    # A spelling shared with a place outside the campaign region means the one inside it.
    if region_km is not None:
        inside = [r for r in primary if r["km_to_centre"] is not None and r["km_to_centre"] <= region_km]
        if len(inside) == 1:
            return inside[0]
    # Several GeoNames duplicates of one primary row still mean that row.
    targets = {r["same_as"] or r["id"] for r in rows}
    if len(targets) == 1:
        return next(r for r in rows if r["id"] in targets) if primary else rows[0]
    names = ", ".join(r["name"] for r in (primary or rows))
    raise AmbiguousLocality(f"Ambiguous locality {name!r}: it can mean {names}; give the full name")


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


class TrackerDB:
    """A tracker database file. `TrackerDB(path, create=True)` creates and migrates it."""

    def __init__(self, path=None, *, create: bool = False, readonly: bool = False):
        self.path = Path(path) if path else default_db_path()
        if not self.path.exists() and not create:
            raise DatabaseMissing(
                f"No tracker database at {self.path}: create it with 'tracker init --db {self.path}'"
            )
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        if readonly:
            uri = self.path.resolve().as_uri() + "?mode=ro"
            self.conn = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)
        else:
            self.conn = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA busy_timeout = 30000")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA cache_size = -16384")  # 16 MB: SQLite's 2 MB default thrashes on event indexes
        self._sqlite_utils_db = None
        from .sqlfunctions import register_functions

        register_functions(self.conn)
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:
            if create:
                self.migrate()
            else:
                raise DatabaseMissing(
                    f"The database at {self.path} needs setting up: run 'tracker init --db {self.path}'"
                )
        if create:
            self.conn.execute("PRAGMA journal_mode = WAL")

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
    def bulk_load(self):
        """Settings for loads of many rows that resolve every reference themselves.

        Foreign-key checks off (the pragma only changes outside a transaction) and a 256 MB page
        cache: with SQLite's 2 MB default, index inserts for 100k events thrash (7.1 s vs 2.0 s).
        """
        self.conn.execute("PRAGMA foreign_keys = OFF")
        self.conn.execute("PRAGMA cache_size = -262144")
        try:
            yield
        finally:
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA cache_size = -16384")

    def query(self, sql, params=()):
        cursor = self.conn.cursor()
        cursor.row_factory = sqlite3.Row
        return [dict(row) for row in cursor.execute(sql, params)]

    # Campaigns -----------------------------------------------------------

    def campaign(self, name: str | None = None) -> dict:
        if name:
            row = self.conn.execute("SELECT * FROM campaigns WHERE name = ?", [name]).fetchone()
        else:
            row = self.conn.execute("SELECT * FROM campaigns ORDER BY id LIMIT 1").fetchone()
        if row is None:
            known = [r[0] for r in self.conn.execute("SELECT name FROM campaigns ORDER BY id")]
            if not known:
                raise NotFound(f"No campaign in {self.path}: run 'tracker init' to load the bundled Mosul campaign")
            raise NotFound(f"Unknown campaign {name!r}: known campaigns are {', '.join(known)}")
        campaign = dict(row)
        campaign["axes"] = axes_from_json(campaign["axes"])
        return campaign

    def campaigns(self) -> list:
        return [self.campaign(row["name"]) for row in self.query("SELECT name FROM campaigns ORDER BY id")]

    def upsert_campaign(self, campaign: dict):
        record = dict(campaign, axes=json.dumps(campaign["axes"]))
        columns = list(record)
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "name")
        with self.transaction():
            self.conn.execute(
                f"INSERT INTO campaigns ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
                f"ON CONFLICT(name) DO UPDATE SET {updates}",
                [record[c] for c in columns],
            )

    def set_axes(self, campaign_name: str, axes: list):
        """Change a campaign's axis sectors and recompute every locality's default axis."""
        campaign = self.campaign(campaign_name)
        with self.transaction():
            self.conn.execute("UPDATE campaigns SET axes = ? WHERE id = ?", [json.dumps(axes), campaign["id"]])
            rows = self.query("SELECT locality_id, km_to_outskirts, km_to_centre, bearing_deg FROM locality_measures "
                              "WHERE campaign_id = ?", [campaign["id"]])
            self.store_measures(campaign["id"], [
                (r["km_to_outskirts"], r["km_to_centre"], r["bearing_deg"],
                 history.default_axis(r["bearing_deg"], r["km_to_centre"], axes), r["locality_id"]) for r in rows])

    # Localities ----------------------------------------------------------

    def locality(self, locality_id: int) -> dict:
        row = self.conn.execute("SELECT * FROM localities WHERE id = ?", [locality_id]).fetchone()
        if row is None:
            raise NotFound(f"No locality with id {locality_id}")
        return dict(row)

    def resolve_locality(self, name: str) -> dict:
        """Find the gazetteer row for a name or spelling variant; raise with suggestions if none."""
        name = (name or "").strip()
        if not name or len(name) > 300 or any(ord(ch) < 32 for ch in name):
            raise UnknownLocality(f"Invalid locality name {name[:40]!r}: give a place name from 'tracker localities'")
        for column, key in (("folded", fold(name)), ("loose", loose(name))):
            rows = self.query(
                f"""SELECT DISTINCT l.* FROM locality_names n JOIN localities l ON l.id = n.locality_id
                    WHERE n.{column} = ? ORDER BY l.same_as IS NOT NULL, l.id""",
                [key],
            )
            if rows:
                return pick_locality(name, rows, self._region_km())
        display = dict(self.conn.execute(
            "SELECT n.name, l.name FROM locality_names n JOIN localities l ON l.id = n.locality_id ORDER BY l.id"
        ).fetchall())
        suggestions = list(dict.fromkeys(display[n] for n in closest(name, list(display), n=10)))[:5]
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else "; search with 'tracker localities TEXT'"
        raise UnknownLocality(f"Unknown locality {name!r}{hint} (add a new one with 'tracker locality add')")

    def _region_km(self):
        row = self.conn.execute("SELECT region_km FROM campaigns ORDER BY id LIMIT 1").fetchone()
        return row[0] if row else None

    def search_localities(self, text: str | None = None, limit: int = 50) -> list:
        if not text:
            return self.query(
                "SELECT * FROM localities WHERE same_as IS NULL AND latitude IS NOT NULL "
                "ORDER BY km_to_outskirts LIMIT ?",
                [limit],
            )
        pattern = f"%{fold(text)}%"
        return self.query(
            """SELECT * FROM localities WHERE id IN (
                   SELECT locality_id FROM locality_names WHERE folded LIKE ? OR loose LIKE ?)
               ORDER BY same_as IS NOT NULL, km_to_outskirts LIMIT ?""",
            [pattern, f"%{loose(text)}%", limit],
        )

    def insert_localities(self, rows: list):
        """Insert or update gazetteer rows (dicts with localities columns plus alt_names) by name; sets row["id"].

        New rows go in with executemany, so importers can add thousands of places at once.
        """
        with self.transaction():
            existing = dict(self.conn.execute("SELECT name, id FROM localities").fetchall())
            for row in rows:
                if row["name"] in existing:
                    columns = [c for c in row if c != "id"]
                    sets = ", ".join(f"{c} = ?" for c in columns)
                    self.conn.execute(f"UPDATE localities SET {sets} WHERE id = ?",
                                      [row[c] for c in columns] + [existing[row["name"]]])
                    row["id"] = existing[row["name"]]
                    self.conn.execute("DELETE FROM locality_names WHERE locality_id = ?", [row["id"]])
            new = [row for row in rows if row["name"] not in existing]
            by_columns = {}
            for row in new:
                by_columns.setdefault(tuple(c for c in row if c != "id"), []).append(row)
            for columns, group in by_columns.items():
                self.conn.executemany(
                    f"INSERT INTO localities ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
                    [[row[c] for c in columns] for row in group],
                )
            if new:
                ids = dict(self.conn.execute(
                    f"SELECT name, id FROM localities WHERE name IN (SELECT value FROM json_each(?))",
                    [json.dumps([row["name"] for row in new])]).fetchall())
                for row in new:
                    row["id"] = ids[row["name"]]
            self.conn.executemany(
                "INSERT OR IGNORE INTO locality_names (locality_id, name, folded, loose) VALUES (?, ?, ?, ?)",
                [(row["id"], n.strip(), fold(n), loose(n))
                 for row in rows
                 for n in [row["name"]] + [a for a in (row.get("alt_names") or "").split(";") if a.strip()]],
            )
        return rows

    def link_duplicate_localities(self, pairs: list):
        """Mark (duplicate_name, primary_name) pairs: the duplicate is the same place as the primary."""
        with self.transaction():
            for duplicate, primary in pairs:
                self.conn.execute(
                    "UPDATE localities SET same_as = (SELECT id FROM localities WHERE name = ?) WHERE name = ?",
                    [primary, duplicate],
                )

    def locality_names(self) -> set:
        return {r[0] for r in self.conn.execute("SELECT name FROM localities")}

    def campaign_names(self) -> set:
        return {r[0] for r in self.conn.execute("SELECT name FROM campaigns")}

    def lookup_tables(self) -> dict:
        """What extractors' in-memory lookups are built from: localities, every spelling, every alias."""
        return {
            "localities": self.query("SELECT id, name, latitude, longitude, axis, km_to_outskirts, km_to_centre, "
                                     "same_as, kind FROM localities"),
            "spellings": self.conn.execute("SELECT name, locality_id FROM locality_names").fetchall(),
            "aliases": self.conn.execute("SELECT name, force_id FROM force_names").fetchall(),
        }

    def localities_with_coordinates(self) -> list:
        return self.query("SELECT id, longitude, latitude FROM localities WHERE latitude IS NOT NULL")

    def store_measures(self, campaign_id: int, measures: list):
        """measures: (km_to_outskirts, km_to_centre, bearing_deg, axis, locality_id) tuples for one campaign.

        The first campaign's measures are also kept on the localities table, where maps and browsing look.
        """
        with self.transaction():
            self.conn.executemany(
                """INSERT INTO locality_measures (km_to_outskirts, km_to_centre, bearing_deg, axis, locality_id, campaign_id)
                   VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(campaign_id, locality_id) DO UPDATE SET
                   km_to_outskirts = excluded.km_to_outskirts, km_to_centre = excluded.km_to_centre,
                   bearing_deg = excluded.bearing_deg, axis = excluded.axis""",
                [(*m, campaign_id) for m in measures],
            )
            if campaign_id == self.conn.execute("SELECT min(id) FROM campaigns").fetchone()[0]:
                self.conn.executemany(
                    "UPDATE localities SET km_to_outskirts = ?, km_to_centre = ?, bearing_deg = ?, axis = ? WHERE id = ?",
                    measures,
                )

    def mapped_localities(self, campaign_id: int | None = None) -> list:
        """Localities a map or an area estimate uses: with coordinates, not a duplicate point, measured for the campaign."""
        if campaign_id is None:
            campaign_id = self.conn.execute("SELECT min(id) FROM campaigns").fetchone()[0]
        return self.query(
            """SELECT l.id, l.name, l.latitude, l.longitude, l.kind, m.km_to_outskirts, m.km_to_centre, m.bearing_deg, m.axis
               FROM localities l LEFT JOIN locality_measures m ON m.locality_id = l.id AND m.campaign_id = ?
               WHERE l.latitude IS NOT NULL AND l.same_as IS NULL ORDER BY l.id""",
            [campaign_id],
        )

    def locality_axis(self, campaign_id: int, locality_id: int):
        row = self.conn.execute("SELECT axis FROM locality_measures WHERE campaign_id = ? AND locality_id = ?",
                                [campaign_id, locality_id]).fetchone()
        return row[0] if row else None

    # Forces --------------------------------------------------------------

    def resolve_force(self, name: str) -> dict:
        name = (name or "").strip()
        rows = self.query(
            "SELECT DISTINCT f.* FROM force_names n JOIN forces f ON f.id = n.force_id WHERE n.folded = ?",
            [fold(name)],
        ) if name and len(name) <= 300 else []
        if len(rows) == 1:
            return rows[0]
        known = ", ".join(r[0] for r in self.conn.execute("SELECT name FROM forces ORDER BY id"))
        if len(rows) > 1:
            raise UnknownForce(f"Ambiguous force {name!r}: it can mean {', '.join(r['name'] for r in rows)}")
        raise UnknownForce(f"Unknown force {name[:60]!r}: known forces are {known} (or one of their aliases, see 'tracker forces')")

    def forces(self) -> list:
        return self.query("SELECT * FROM forces ORDER BY id")

    def upsert_forces(self, rows: list):
        with self.transaction():
            for row in rows:
                self.conn.execute(
                    """INSERT INTO forces (name, side, kind, aliases, note) VALUES (:name, :side, :kind, :aliases, :note)
                       ON CONFLICT(name) DO UPDATE SET side = excluded.side, kind = excluded.kind,
                       aliases = excluded.aliases, note = excluded.note""",
                    {"note": None, **row},
                )
                force_id = self.conn.execute("SELECT id FROM forces WHERE name = ?", [row["name"]]).fetchone()[0]
                names = [row["name"]] + [a for a in (row.get("aliases") or "").split(";") if a.strip()]
                self.conn.execute("DELETE FROM force_names WHERE force_id = ?", [force_id])
                self.conn.executemany(
                    "INSERT OR IGNORE INTO force_names (force_id, name, folded) VALUES (?, ?, ?)",
                    [(force_id, n.strip(), fold(n)) for n in names],
                )

    def add_force(self, name, *, side, aliases=(), kind=None) -> dict:
        """A new force, or more aliases for an existing one (its side must then agree)."""
        name = (name or "").strip()
        if not name or len(name) > 120 or any(ord(ch) < 32 for ch in name):
            raise InvalidInput("Invalid force name: give 1 to 120 printable characters")
        if side not in ("attacker", "defender", "other"):
            raise InvalidInput(f"Invalid side {side!r}: use attacker, defender or other")
        aliases = [a.strip() for a in aliases if a and a.strip()]
        if any(len(a) > 120 or any(ord(ch) < 32 for ch in a) or ";" in a for a in aliases):
            raise InvalidInput("Invalid alias: give 1 to 120 printable characters, no ';'")
        existing = self.query("SELECT * FROM forces WHERE name = ?", [name])
        if existing and existing[0]["side"] != side:
            raise InvalidInput(f"{name} exists already on the {existing[0]['side']} side")
        for alias in aliases:
            taken = self.query("SELECT f.name FROM force_names n JOIN forces f ON f.id = n.force_id "
                               "WHERE n.folded = ? AND f.name != ?", [fold(alias), name])
            if taken:
                raise InvalidInput(f"Alias {alias!r} already means {taken[0]['name']}")
        old_aliases = [a for a in ((existing[0]["aliases"] if existing else None) or "").split(";") if a]
        merged = ";".join(dict.fromkeys(old_aliases + aliases))
        self.upsert_forces([{"name": name, "side": side, "kind": kind or (existing[0]["kind"] if existing else None),
                             "aliases": merged or None, "note": existing[0]["note"] if existing else None}])
        return self.query("SELECT * FROM forces WHERE name = ?", [name])[0]

    def force_name(self, force_id):
        row = self.conn.execute("SELECT name FROM forces WHERE id = ?", [force_id]).fetchone()
        return row[0] if row else None

    def force_sides(self) -> dict:
        return {r[0]: r[1] for r in self.conn.execute("SELECT id, side FROM forces")}

    # Sources -------------------------------------------------------------

    def source_id(self, *, key=None, url=None, publisher=None, title=None, published=None, note=None) -> int:
        """The id of the source with this key (or URL), created if new. Call inside a transaction."""
        key = key or url
        if not key:
            raise InvalidInput("A source needs a URL or a key")
        row = self.conn.execute("SELECT id FROM sources WHERE key = ?", [key]).fetchone()
        if row:
            return row[0]
        cursor = self.conn.execute(
            "INSERT INTO sources (key, url, publisher, title, published, note) VALUES (?, ?, ?, ?, ?, ?)",
            [key, url, publisher, title, published, note],
        )
        return cursor.lastrowid

    def upsert_sources(self, rows: list):
        with self.transaction():
            for row in rows:
                self.conn.execute(
                    """INSERT INTO sources (key, url, publisher, title, published, note)
                       VALUES (:key, :url, :publisher, :title, :published, :note)
                       ON CONFLICT(key) DO UPDATE SET url = excluded.url, publisher = excluded.publisher,
                       title = excluded.title, published = excluded.published, note = excluded.note""",
                    row,
                )

    def event_sources(self, event_id: int) -> list:
        return self.query(
            """SELECT s.*, es.quote, es.added_at, es.added_by FROM event_sources es
               JOIN sources s ON s.id = es.source_id WHERE es.event_id = ? ORDER BY es.added_at, s.id""",
            [event_id],
        )

    # Events --------------------------------------------------------------

    def add_event(
        self,
        *,
        locality: str,
        force: str,
        date: EventDate,
        status: str = "captured",
        axis: str | None = None,
        previous_force: str | None = None,
        source_url: str | None = None,
        source_key: str | None = None,
        publisher: str | None = None,
        title: str | None = None,
        published: str | None = None,
        quote: str | None = None,
        note: str | None = None,
        campaign: str | None = None,
        recorded_by: str | None = None,
        supersedes: int | None = None,
        external_id: str | None = None,
        allow_any_date: bool = False,
        today: str | None = None,
    ) -> dict:
        """Record one control-change event and return it with what it was resolved to.

        Raises DuplicateEvent when an identical counting event exists (its new
        source, if any, is added to that event instead).
        """
        if status not in STATUSES:
            raise InvalidInput(f"Invalid status {status!r}: use one of {', '.join(STATUSES)}")
        the_campaign = self.campaign(campaign)
        place = self.resolve_locality(locality)
        if place["same_as"]:
            place = self.locality(place["same_as"])
        holder = self.resolve_force(force)
        before = self.resolve_force(previous_force) if previous_force else None
        axis_names = [a["name"] for a in the_campaign["axes"]]
        if axis is not None and axis not in axis_names:
            raise InvalidInput(f"Invalid axis {axis!r}: the {the_campaign['name']} campaign's axes are {', '.join(axis_names)}")
        today = today or dt.date.today().isoformat()
        if not allow_any_date:
            if date.date > today:
                raise InvalidDate(f"Date {date} is in the future (today is {today}); use --allow-any-date if you mean it")
            if date.date < the_campaign["start_date"]:
                raise InvalidDate(
                    f"Date {date} is before the {the_campaign['name']} campaign's start on "
                    f"{the_campaign['start_date']}; use --allow-any-date to record an earlier event"
                )
        if supersedes is not None:
            self.event(supersedes)
        recorded_by = recorded_by or f"person:{current_user()}"
        recorded_at = now_utc()
        given_axis = axis
        axis = axis or self.locality_axis(the_campaign["id"], place["id"])
        source_given = bool(source_url or source_key)

        with self.transaction():
            if external_id:
                row = self.conn.execute("SELECT id FROM events WHERE external_id = ?", [external_id]).fetchone()
                if row:
                    raise DuplicateEvent(f"Event {external_id} is already recorded as #{row[0]}", row[0])
            duplicate = self.conn.execute(
                """SELECT id FROM counting_events WHERE campaign_id = ? AND locality_id = ? AND date = ?
                   AND date_earliest = ? AND status = ? AND force_id = ? AND (? IS NULL OR axis IS ?) LIMIT 1""",
                [the_campaign["id"], place["id"], date.date, date.earliest, status, holder["id"], given_axis, given_axis],
            ).fetchone()
            source_id = None
            if source_given:
                source_id = self.source_id(
                    key=source_key, url=source_url, publisher=publisher, title=title, published=published
                )
            if duplicate:
                event_id = duplicate[0]
                added = False
                if source_id is not None:
                    added = self._cite(event_id, source_id, quote, recorded_at, recorded_by)
                if not added:
                    raise DuplicateEvent(
                        f"Already recorded as event #{event_id} ({place['name']} {status} by {holder['name']} "
                        f"on {date}); nothing stored twice",
                        event_id,
                    )
                event = self.event(event_id)
                event["source_added_to_existing"] = True
                return event
            if before is None:
                before_id = self._holder_before(the_campaign["id"], place["id"], date.date, holder["id"], supersedes)
            else:
                before_id = before["id"]
            cursor = self.conn.execute(
                """INSERT INTO events (campaign_id, locality_id, latitude, longitude, date, date_earliest,
                       date_precision, status, force_id, previous_force_id, axis, note, recorded_at, recorded_by,
                       supersedes, external_id)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [the_campaign["id"], place["id"], place["latitude"], place["longitude"], date.date, date.earliest, date.precision, status, holder["id"],
                 before_id, axis, note, recorded_at, recorded_by, supersedes, external_id],
            )
            event_id = cursor.lastrowid
            if source_id is not None:
                self._cite(event_id, source_id, quote, recorded_at, recorded_by)
        return self.event(event_id)

    def _cite(self, event_id, source_id, quote, added_at, added_by) -> bool:
        cursor = self.conn.execute(
            "INSERT OR IGNORE INTO event_sources (event_id, source_id, quote, added_at, added_by) VALUES (?, ?, ?, ?, ?)",
            [event_id, source_id, quote, added_at, added_by],
        )
        return cursor.rowcount > 0

    def cite(self, event_id: int, *, source_key=None, source_url=None, publisher=None, title=None,
             published=None, quote=None, added_by=None) -> bool:
        """Add a source to an existing event; False when it already cites it."""
        self.event(event_id)
        with self.transaction():
            source_id = self.source_id(key=source_key, url=source_url, publisher=publisher, title=title,
                                       published=published)
            return self._cite(event_id, source_id, quote, now_utc(), added_by or f"person:{current_user()}")

    def _holder_before(self, campaign_id, locality_id, date, force_id, superseded=None):
        """Who held the locality just before `date`: derived from its earlier events, else inferred."""
        rows = [e for e in self.locality_events(locality_id, campaign_id) if e["id"] != superseded]
        sides = self.force_sides()
        state = history.control_on(rows, date, sides, before=True)
        if state and state["holder_id"] is not None:
            return state["holder_id"]
        return history.inferred_previous(force_id, sides)

    def locality_events(self, locality_id: int, campaign_id: int | None = None) -> list:
        """One locality's counting events, in date order, with what the replay needs."""
        return self.query(
            """SELECT e.id, e.locality_id, e.date, e.status, e.force_id, e.previous_force_id,
                      COALESCE(e.axis, m.axis) AS axis, f.side
               FROM counting_events e JOIN forces f ON f.id = e.force_id
               LEFT JOIN locality_measures m ON m.locality_id = e.locality_id AND m.campaign_id = e.campaign_id
               WHERE e.locality_id = ? AND (? IS NULL OR e.campaign_id = ?) ORDER BY e.date, e.id""",
            [locality_id, campaign_id, campaign_id],
        )

    def event(self, event_id: int) -> dict:
        rows = self.query("SELECT * FROM event_details WHERE id = ?", [event_id])
        if not rows:
            raise NotFound(f"No event #{event_id}: list events with 'tracker events'")
        return rows[0]

    def events(self, *, campaign=None, locality=None, axis=None, since=None, until=None,
               include_retracted=True, limit=None) -> list:
        where, params = ["1 = 1"], []
        if campaign:
            where.append("campaign = ?")
            params.append(campaign)
        if locality:
            place = self.resolve_locality(locality)
            where.append("locality = ?")
            params.append(place["name"])
        if axis:
            where.append("axis = ?")
            params.append(axis)
        if since:
            where.append("date >= ?")
            params.append(since)
        if until:
            where.append("date <= ?")
            params.append(until)
        if not include_retracted:
            where.append("counts")
        sql = f"SELECT * FROM event_details WHERE {' AND '.join(where)} ORDER BY date, id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return self.query(sql, params)

    def events_of_locality(self, locality_id: int) -> list:
        """Every event of a locality, retracted and superseded ones included, oldest first."""
        return self.query(
            "SELECT * FROM event_details WHERE id IN (SELECT id FROM events WHERE locality_id = ?) ORDER BY date, id",
            [locality_id],
        )

    # Events that no longer count, as the database stood at :known (an ISO timestamp; '9999' = now):
    # retracted ones, and ones a (not retracted) correction supersedes. Built once per query.
    _NOT_COUNTING = """not_counting(id) AS MATERIALIZED (
        SELECT event_id FROM retractions WHERE recorded_at <= :known
        UNION SELECT supersedes FROM events WHERE supersedes IS NOT NULL AND recorded_at <= :known
                AND id NOT IN (SELECT event_id FROM retractions WHERE recorded_at <= :known))"""
    _EVENT_FOR_REPLAY = """e.id, e.locality_id, e.date, e.status, e.force_id, e.previous_force_id,
        COALESCE(e.axis, m.axis) AS axis, f.side"""

    def counting_events(self, campaign_id: int, until: str | None = None, known_at: str | None = None,
                        locality_ids=None) -> list:
        """Events that count (not retracted or superseded), with what derivations need, by date.

        known_at (an ISO timestamp) rebuilds what the database said then: only facts recorded by
        that moment, and only the corrections and retractions recorded by then.
        locality_ids: only these localities' events (read through the locality index).
        sqlite3.Row objects (mapping access, no dict per row): a million events fit in memory.
        For all localities, NOT INDEXED reads the table in order and sorts, instead of one random
        table lookup per row through the date index (1M events: 3.2 s instead of 4.9 s).
        """
        # "+e.campaign_id": not through the campaign index, which would read every event of the campaign
        if locality_ids is None:
            source, only = "events e NOT INDEXED", ""
        else:
            source, only = "events e", "AND e.locality_id IN (SELECT value FROM json_each(:localities))"
        sql = f"""WITH {self._NOT_COUNTING}
                 SELECT {self._EVENT_FOR_REPLAY}
                 FROM {source} JOIN forces f ON f.id = e.force_id
                 LEFT JOIN locality_measures m ON m.locality_id = e.locality_id AND m.campaign_id = e.campaign_id
                 WHERE +e.campaign_id = :campaign AND e.recorded_at <= :known AND e.date <= :until
                   AND e.id NOT IN not_counting {only}
                 ORDER BY e.date, e.id"""
        cursor = self.conn.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor.execute(sql, {"campaign": campaign_id, "known": known_at or "9999", "until": until or "9999",
                                    "localities": json.dumps(list(locality_ids or []))}).fetchall()

    def events_deciding_states(self, campaign_id: int | None, day: str, known_at: str | None = None,
                               locality_ids=None) -> list:
        """The counting events that decide each locality's state on `day`, by date: its last holding
        event up to that day and the ones after it; with no holding event, its first event (whose
        previous holder is the state before any event) and all up to the day.

        A holding event (captured, lost, uprising, withdrawn) sets the whole state, so replaying these
        gives the same states as replaying everything, while reading a few events per locality through
        the (locality_id, date) index: 1M events, 10,000 localities: 0.2 s instead of 4 s.
        campaign_id None: every campaign's events; locality_ids: only these localities.
        """
        holding = " OR ".join(f"e.status = '{status}'" for status in history.HOLDING)
        counting = ("(:campaign IS NULL OR e.campaign_id = :campaign) AND e.recorded_at <= :known "
                    "AND e.id NOT IN not_counting")
        only = "" if locality_ids is None else "WHERE l.id IN (SELECT value FROM json_each(:localities))"
        sql = f"""WITH {self._NOT_COUNTING},
                 bounds AS MATERIALIZED (
                     SELECT locality_id, holding_id,
                            CASE WHEN holding_id IS NULL THEN
                                (SELECT e.id FROM events e WHERE e.locality_id = last.locality_id AND {counting}
                                  ORDER BY e.date, e.id LIMIT 1) END AS first_id
                     FROM (SELECT l.id AS locality_id,
                                  (SELECT e.id FROM events e WHERE e.locality_id = l.id AND e.date <= :day
                                      AND ({holding}) AND {counting}
                                    ORDER BY e.date DESC, e.id DESC LIMIT 1) AS holding_id
                           FROM localities l {only}) AS last),
                 deciding(id) AS (
                     SELECT first_id FROM bounds WHERE first_id IS NOT NULL
                     UNION
                     SELECT e.id FROM bounds b LEFT JOIN events hold ON hold.id = b.holding_id
                     JOIN events e ON e.locality_id = b.locality_id
                          AND e.date >= COALESCE(hold.date, '') AND e.date <= :day
                          AND (hold.id IS NULL OR e.date > hold.date OR e.id >= hold.id) AND {counting}
                     WHERE b.holding_id IS NOT NULL OR b.first_id IS NOT NULL)
                 SELECT {self._EVENT_FOR_REPLAY}
                 FROM deciding d JOIN events e ON e.id = d.id JOIN forces f ON f.id = e.force_id
                 LEFT JOIN locality_measures m ON m.locality_id = e.locality_id AND m.campaign_id = e.campaign_id
                 ORDER BY e.date, e.id"""
        cursor = self.conn.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor.execute(sql, {"campaign": campaign_id, "known": known_at or "9999", "day": day,
                                    "localities": json.dumps(list(locality_ids or []))}).fetchall()

    def event_count(self, campaign_id: int) -> int:
        """Recorded events of a campaign, retracted and superseded ones included (an index count)."""
        return self.conn.execute("SELECT count(*) FROM events WHERE campaign_id = ?", [campaign_id]).fetchone()[0]

    def last_event_date(self, campaign_id: int, known_at: str | None = None):
        """The date of the campaign's latest counting event (a superseded or retracted one ends nothing)."""
        return self.conn.execute(
            f"""WITH {self._NOT_COUNTING}
                SELECT max(date) FROM events WHERE campaign_id = :campaign AND recorded_at <= :known
                  AND id NOT IN not_counting""",
            {"campaign": campaign_id, "known": known_at or "9999"}).fetchone()[0]

    def first_source_urls(self, event_ids) -> dict:
        ids = list(event_ids)
        if not ids:
            return {}
        placeholders = ", ".join("?" for _ in ids)
        rows = self.conn.execute(
            f"""SELECT es.event_id, COALESCE(s.url, s.key) FROM event_sources es JOIN sources s ON s.id = es.source_id
                WHERE es.event_id IN ({placeholders}) ORDER BY es.event_id, s.url IS NULL, es.added_at, s.id""",
            ids,
        )
        first = {}
        for event_id, url in rows:  # a source with a URL first, then the earliest cited
            first.setdefault(event_id, url)
        return first

    def retract(self, event_id: int, reason: str, recorded_by: str | None = None) -> dict:
        if not reason or not reason.strip():
            raise InvalidInput("A retraction needs a reason: --reason TEXT")
        self.event(event_id)
        with self.transaction():
            row = self.conn.execute("SELECT id FROM retractions WHERE event_id = ?", [event_id]).fetchone()
            if row:
                raise DuplicateEvent(f"Event #{event_id} is already retracted", event_id)
            self.conn.execute(
                "INSERT INTO retractions (event_id, reason, recorded_at, recorded_by) VALUES (?, ?, ?, ?)",
                [event_id, reason.strip(), now_utc(), recorded_by or f"person:{current_user()}"],
            )
        return self.event(event_id)

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

    EVENT_COLUMNS = ("campaign_id", "locality_id", "latitude", "longitude", "date", "date_earliest",
                     "date_precision", "status", "force_id", "previous_force_id", "axis", "note", "recorded_at",
                     "recorded_by", "supersedes", "external_id")

    def insert_events_bulk(self, rows: list, source_id: int | None = None):
        """Insert many already-validated events (dicts with events columns) in one transaction.

        Coordinates and a missing axis come from the locality; recorded_at/recorded_by default to now/bulk.
        With source_id, every event cites that source, quoting its note.
        """
        if not rows:
            return
        places = self.locality_coordinates(rows[0]["campaign_id"])
        recorded_at = now_utc()
        defaults = {"date_precision": "day", "previous_force_id": None, "axis": None, "note": None,
                    "recorded_at": recorded_at, "recorded_by": "bulk", "supersedes": None, "external_id": None}

        def values(row):
            lat, lon, axis = places[row["locality_id"]]
            record = {**defaults, "date_earliest": row["date"], "latitude": lat, "longitude": lon, **row}
            record["axis"] = record["axis"] or axis
            return tuple(record[c] for c in self.EVENT_COLUMNS)

        self.insert_event_rows(map(values, rows), source_id=source_id)

    def insert_event_rows(self, tuples, source_id: int | None = None, quote_notes: bool = True):
        """The fast path under insert_events_bulk: tuples in EVENT_COLUMNS order, nothing filled in.

        With source_id every new event cites that source; quote_notes=False leaves the citation's quote
        empty where the note already holds the source's words (ACLED's notes).
        """
        with self.transaction():
            first_new = (self.conn.execute("SELECT max(id) FROM events").fetchone()[0] or 0) + 1
            self.conn.executemany(
                f"INSERT INTO events ({', '.join(self.EVENT_COLUMNS)}) VALUES ({', '.join('?' for _ in self.EVENT_COLUMNS)})",
                tuples,
            )
            if source_id is not None:
                self.conn.execute(
                    f"""INSERT INTO event_sources (event_id, source_id, quote, added_at, added_by)
                       SELECT id, ?, {'note' if quote_notes else 'NULL'}, recorded_at, recorded_by FROM events WHERE id >= ?""",
                    [source_id, first_new],
                )

    SECONDARY_EVENT_INDEXES = {
        "idx_events_campaign_date": "CREATE INDEX idx_events_campaign_date ON events(campaign_id, date, id)",
        "idx_events_locality": "CREATE INDEX idx_events_locality ON events(locality_id, date)",
    }

    @contextlib.contextmanager
    def secondary_indexes_deferred(self):
        """Inside a transaction: drop the events' secondary indexes and build them again at the end.

        Building an index once from the finished table is faster than updating it row by row for a
        large load; the DDL is part of the transaction, so a failed load restores them too.
        """
        for name in self.SECONDARY_EVENT_INDEXES:
            self.conn.execute(f"DROP INDEX IF EXISTS {name}")
        yield
        for sql in self.SECONDARY_EVENT_INDEXES.values():
            self.conn.execute(sql)

    def locality_coordinates(self, campaign_id: int) -> dict:
        """locality id -> (latitude, longitude, default axis in the campaign)."""
        return {r[0]: r[1:] for r in self.conn.execute(
            """SELECT l.id, l.latitude, l.longitude, m.axis FROM localities l
               LEFT JOIN locality_measures m ON m.locality_id = l.id AND m.campaign_id = ?""", [campaign_id])}

    def acled_versions(self) -> dict:
        """ACLED event id -> (timestamp, event id) of the latest version imported."""
        versions = {}
        for external_id, event_id in self.conn.execute(
                "SELECT external_id, id FROM events WHERE external_id LIKE 'acled:%' ORDER BY id"):
            acled_id, _, timestamp = external_id[6:].rpartition("@")
            if acled_id not in versions or int(timestamp) > versions[acled_id][0]:
                versions[acled_id] = (int(timestamp), event_id)
        return versions

    def is_retracted(self, event_id: int) -> bool:
        return self.conn.execute("SELECT 1 FROM retractions WHERE event_id = ?", [event_id]).fetchone() is not None

    # Review queue ----------------------------------------------------------

    def add_candidates(self, article, candidates) -> list:
        """Store an article as a source and its candidates in the review queue; returns (id, new) pairs."""
        stored = []
        with self.transaction():
            source_id = self.source_id(key=article.key, url=article.url, publisher=article.publisher,
                                       title=article.title, published=article.published,
                                       note=f"extracted from {article.path}" if article.path else None)
            for c in candidates:
                fingerprint = f"{article.key}|{c.extractor}|{c.locality_id}|{c.status}|{c.force_id}"
                row = self.conn.execute("SELECT id FROM candidates WHERE fingerprint = ?", [fingerprint]).fetchone()
                if row:
                    stored.append((row[0], False))
                    continue
                cursor = self.conn.execute(
                    """INSERT INTO candidates (source_id, extractor, locality_text, locality_id, force_text, force_id,
                           status, date, date_earliest, date_precision, axis, distance_km, distance_reference, quote,
                           quote_start, quote_end, confidence, note, extracted_at, fingerprint)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    [source_id, c.extractor, c.locality, c.locality_id, c.force, c.force_id, c.status, c.date,
                     c.date_earliest, c.date_precision, c.axis, c.distance_km, c.distance_reference, c.quote,
                     c.quote_start, c.quote_end, c.confidence, c.note, now_utc(), fingerprint],
                )
                stored.append((cursor.lastrowid, True))
        return stored

    def candidates(self, which: str = "pending") -> list:
        condition = {"pending": "decision IS NULL", "accepted": "decision = 'accepted'",
                     "rejected": "decision = 'rejected'", "all": "1 = 1"}[which]
        return self.query(f"SELECT * FROM review_queue WHERE {condition} ORDER BY id")

    def candidate(self, candidate_id: int) -> dict:
        rows = self.query("SELECT * FROM review_queue WHERE id = ?", [candidate_id])
        if not rows:
            raise NotFound(f"No candidate #{candidate_id}: list them with 'tracker review list'")
        return rows[0]

    def record_review(self, candidate_id, decision, *, reason=None, event_id=None, reviewed_by=None):
        self.conn.execute(
            "INSERT INTO reviews (candidate_id, decision, reason, event_id, reviewed_at, reviewed_by) VALUES (?, ?, ?, ?, ?, ?)",
            [candidate_id, decision, reason, event_id, now_utc(), reviewed_by or f"person:{current_user()}"],
        )

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
