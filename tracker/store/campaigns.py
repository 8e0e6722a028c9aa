"""Campaigns: an objective, its outskirts, its axes and the region measured around it."""

import json

from ..model.axes import axes_from_json, default_axis
from ..model.clock import now_utc
from ..model.errors import NotFound


class CampaignsStore:
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

    def campaign_names(self) -> set:
        return {r[0] for r in self.conn.execute("SELECT name FROM campaigns")}

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
                 default_axis(r["bearing_deg"], r["km_to_centre"], axes), r["locality_id"]) for r in rows])

    def first_region_km(self):
        row = self.conn.execute("SELECT region_km FROM campaigns ORDER BY id LIMIT 1").fetchone()
        return row[0] if row else None

    def set_start_state(self, campaign_id: int, rows: list):
        """Who held each place when the campaign began (dicts: locality_id, force_id, since, summary, source_id,
        recorded_by); a place given again keeps its first entry."""
        with self.transaction():
            self.conn.executemany(
                """INSERT OR IGNORE INTO start_state (campaign_id, locality_id, force_id, since, summary, source_id,
                   recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                [(campaign_id, r["locality_id"], r["force_id"], r.get("since"), r.get("summary"), r.get("source_id"),
                  now_utc(), r["recorded_by"]) for r in rows])

    def start_state(self, campaign_id: int) -> dict:
        """locality_id -> {force_id, since, summary, source}: the campaign's sourced start state."""
        rows = self.conn.execute(
            """SELECT st.locality_id, st.force_id, st.since, st.summary, COALESCE(s.url, s.key)
               FROM start_state st LEFT JOIN sources s ON s.id = st.source_id WHERE st.campaign_id = ?""",
            [campaign_id]).fetchall()
        return {r[0]: {"force_id": r[1], "since": r[2], "summary": r[3], "source": r[4]} for r in rows}
