"""Sources (reports) and the citations that tie them to events."""

from ..model.clock import now_utc, recorder
from ..model.errors import InvalidInput


class SourcesStore:
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

    def add_citation(self, event_id, source_id, quote, added_at, added_by) -> bool:
        """Cite a source on an event; False when it already does. Call inside a transaction."""
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
            return self.add_citation(event_id, source_id, quote, now_utc(), recorder(added_by))

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
