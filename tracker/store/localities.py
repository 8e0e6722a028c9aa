"""The gazetteer: localities, their spellings, and their measures against each campaign's objective."""

import json

from ..model.errors import AmbiguousLocality, NotFound, UnknownLocality
from ..model.names import closest, fold, loose, pick_locality


class LocalitiesStore:
    def locality(self, locality_id: int) -> dict:
        row = self.conn.execute("SELECT * FROM localities WHERE id = ?", [locality_id]).fetchone()
        if row is None:
            raise NotFound(f"No locality with id {locality_id}")
        return dict(row)

    def localities_named(self, name: str, loose_too: bool = True) -> list:
        """Every locality one of whose spellings folds (or, failing that, loosely folds) like `name`, primary rows first."""
        keys = (("folded", fold(name)), ("loose", loose(name))) if loose_too else (("folded", fold(name)),)
        for column, key in keys:
            rows = self.query(
                f"""SELECT DISTINCT l.* FROM locality_names n JOIN localities l ON l.id = n.locality_id
                    WHERE n.{column} = ? ORDER BY l.same_as IS NOT NULL, l.id""",
                [key],
            )
            if rows:
                return rows
        return []

    def resolve_locality(self, name: str) -> dict:
        """Find the gazetteer row for a name, a spelling variant or '#ID'; raise with suggestions if none."""
        name = (name or "").strip()
        if not name or len(name) > 300 or any(ord(ch) < 32 for ch in name):
            raise UnknownLocality(f"Invalid locality name {name[:40]!r}: give a place name from 'tracker localities'")
        if name.startswith("#") and name[1:].isdigit() and len(name) < 20:
            return self.locality(int(name[1:]))
        rows = self.localities_named(name)
        if rows:
            if len({r["same_as"] or r["id"] for r in rows}) > 1 and self.distinct_among([r["id"] for r in rows]):
                listed = ", ".join(f"#{r['id']} {r['name']}" for r in rows if r["same_as"] is None)
                raise AmbiguousLocality(f"Ambiguous locality {name!r}: it names different places ({listed}); "
                                        "give the full name or '#ID'")
            return pick_locality(name, rows, self.first_region_km())
        display = dict(self.conn.execute(
            "SELECT n.name, l.name FROM locality_names n JOIN localities l ON l.id = n.locality_id ORDER BY l.id"
        ).fetchall())
        suggestions = list(dict.fromkeys(display[n] for n in closest(name, list(display), n=10)))[:5]
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else "; search with 'tracker localities TEXT'"
        raise UnknownLocality(f"Unknown locality {name!r}{hint} (add a new one with 'tracker locality add')")

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
                    "SELECT name, id FROM localities WHERE name IN (SELECT value FROM json_each(?))",
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

    def describe_locality(self, locality_id: int, *, kind=None, bank=None):
        """Set what kind of place a locality is and which bank of its city's river it is on."""
        with self.transaction():
            self.conn.execute("UPDATE localities SET kind = COALESCE(?, kind), bank = COALESCE(?, bank) WHERE id = ?",
                              [kind, bank, locality_id])

    def add_locality_spellings(self, locality_id: int, spellings):
        with self.transaction():
            row = self.locality(locality_id)
            alts = [a for a in (row["alt_names"] or "").split(";") if a]
            self.conn.execute("UPDATE localities SET alt_names = ? WHERE id = ?",
                              [";".join(dict.fromkeys(alts + list(spellings))), locality_id])
            self.conn.executemany(
                "INSERT OR IGNORE INTO locality_names (locality_id, name, folded, loose) VALUES (?, ?, ?, ?)",
                [(locality_id, s, fold(s), loose(s)) for s in spellings])

    def mark_distinct(self, locality_id: int, reason: str, recorded_by: str):
        """Record that a locality is another place than those sharing its spellings, and why."""
        from ..model.clock import now_utc

        self.conn.execute("INSERT INTO locality_distinctions (locality_id, reason, recorded_at, recorded_by) "
                          "VALUES (?, ?, ?, ?)", [locality_id, reason, now_utc(), recorded_by])

    def distinct_among(self, locality_ids) -> list:
        return [r[0] for r in self.conn.execute(
            "SELECT locality_id FROM locality_distinctions WHERE locality_id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(locality_ids))])]

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
            """SELECT l.id, l.name, l.latitude, l.longitude, l.kind, l.bank, m.km_to_outskirts, m.km_to_centre,
                      m.bearing_deg, m.axis
               FROM localities l LEFT JOIN locality_measures m ON m.locality_id = l.id AND m.campaign_id = ?
               WHERE l.latitude IS NOT NULL AND l.same_as IS NULL ORDER BY l.id""",
            [campaign_id],
        )

    def locality_axis(self, campaign_id: int, locality_id: int):
        row = self.conn.execute("SELECT axis FROM locality_measures WHERE campaign_id = ? AND locality_id = ?",
                                [campaign_id, locality_id]).fetchone()
        return row[0] if row else None

    def locality_coordinates(self, campaign_id: int) -> dict:
        """locality id -> (latitude, longitude, default axis in the campaign)."""
        return {r[0]: r[1:] for r in self.conn.execute(
            """SELECT l.id, l.latitude, l.longitude, m.axis FROM localities l
               LEFT JOIN locality_measures m ON m.locality_id = l.id AND m.campaign_id = ?""", [campaign_id])}
