"""The review queue: candidates extractors proposed, and the decisions people made on them."""

import json

from ..model.clock import now_utc, recorder
from ..model.errors import NotFound
from ..model.names import fold


class ReviewStore:
    def add_candidates(self, article, candidates) -> list:
        """Store an article as a source and its candidates in the review queue; returns (id, new) pairs."""
        stored = []
        with self.transaction():
            source_id = self.source_id(key=article.key, url=article.url, publisher=article.publisher,
                                       title=article.title, published=article.published,
                                       note=f"extracted from {article.path}" if article.path else None)
            for c in candidates:
                place = c.locality_id if c.locality_id is not None else fold(c.locality)
                force = c.force_id if c.force_id is not None else fold(c.force)
                fingerprint = f"{article.key}|{c.extractor}|{place}|{c.status}|{force}"
                row = self.conn.execute("SELECT id FROM candidates WHERE fingerprint = ?", [fingerprint]).fetchone()
                if row:
                    stored.append((row[0], False))
                    continue
                cursor = self.conn.execute(
                    """INSERT INTO candidates (source_id, extractor, locality_text, locality_id, force_text, force_id,
                           status, date, date_earliest, date_precision, axis, distance_km, distance_reference, quote,
                           quote_start, quote_end, confidence, note, extracted_at, fingerprint, latitude, longitude,
                           place_source, resolution, alternatives, side, campaign)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    [source_id, c.extractor, c.locality, c.locality_id, c.force, c.force_id, c.status, c.date,
                     c.date_earliest, c.date_precision, c.axis, c.distance_km, c.distance_reference, c.quote,
                     c.quote_start, c.quote_end, c.confidence, c.note, now_utc(), fingerprint, c.latitude, c.longitude,
                     c.place_source, c.resolution, json.dumps(c.alternatives) if c.alternatives else None, c.side,
                     c.campaign],
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
            [candidate_id, decision, reason, event_id, now_utc(), recorder(reviewed_by)],
        )
