"""Writing events: one at a time, in bulk, and their retractions. Events are append-only (triggers)."""

import contextlib

from ..model.clock import now_utc


class EventsStore:
    EVENT_COLUMNS = ("campaign_id", "locality_id", "latitude", "longitude", "date", "date_earliest",
                     "date_precision", "status", "force_id", "previous_force_id", "axis", "note", "recorded_at",
                     "recorded_by", "supersedes", "external_id")
    WORDED_COLUMNS = ("summary", "inferred")  # one event at a time only: bulk imports carry their notes

    def insert_event(self, record: dict) -> int:
        """One event (a dict with EVENT_COLUMNS and WORDED_COLUMNS); returns its id. Call inside a transaction."""
        columns = self.EVENT_COLUMNS + tuple(c for c in self.WORDED_COLUMNS if record.get(c) is not None)
        cursor = self.conn.execute(
            f"INSERT INTO events ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
            [record.get(c) for c in columns],
        )
        return cursor.lastrowid

    def event_with_external_id(self, external_id: str):
        row = self.conn.execute("SELECT id FROM events WHERE external_id = ?", [external_id]).fetchone()
        return row[0] if row else None

    def same_counting_event(self, campaign_id, locality_id, date, status, force_id, axis=None):
        """The id of a counting event that says the same thing (place, dates, status, force, axis if given)."""
        row = self.conn.execute(
            """SELECT id FROM counting_events WHERE campaign_id = ? AND locality_id = ? AND date = ?
               AND date_earliest = ? AND status = ? AND force_id = ? AND (? IS NULL OR axis IS ?) LIMIT 1""",
            [campaign_id, locality_id, date.date, date.earliest, status, force_id, axis, axis],
        ).fetchone()
        return row[0] if row else None

    def insert_retraction(self, event_id: int, reason: str, recorded_by: str):
        self.conn.execute(
            "INSERT INTO retractions (event_id, reason, recorded_at, recorded_by) VALUES (?, ?, ?, ?)",
            [event_id, reason, now_utc(), recorded_by],
        )

    def is_retracted(self, event_id: int) -> bool:
        return self.conn.execute("SELECT 1 FROM retractions WHERE event_id = ?", [event_id]).fetchone() is not None

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

    def acled_versions(self) -> dict:
        """ACLED event id -> (timestamp, event id) of the latest version imported."""
        versions = {}
        for external_id, event_id in self.conn.execute(
                "SELECT external_id, id FROM events WHERE external_id LIKE 'acled:%' ORDER BY id"):
            acled_id, _, timestamp = external_id[6:].rpartition("@")
            if acled_id not in versions or int(timestamp) > versions[acled_id][0]:
                versions[acled_id] = (int(timestamp), event_id)
        return versions
