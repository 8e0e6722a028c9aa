"""Forces, their side of the campaign and the aliases reports use."""

from ..model.errors import UnknownForce
from ..model.names import fold


class ForcesStore:
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

    def force_named(self, name: str):
        rows = self.query("SELECT * FROM forces WHERE name = ?", [name])
        return rows[0] if rows else None

    def force_alias_owner(self, alias: str, other_than: str):
        """The name of another force that already answers to `alias`, or None."""
        row = self.conn.execute("SELECT f.name FROM force_names n JOIN forces f ON f.id = n.force_id "
                                "WHERE n.folded = ? AND f.name != ?", [fold(alias), other_than]).fetchone()
        return row[0] if row else None

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

    def force_name(self, force_id):
        row = self.conn.execute("SELECT name FROM forces WHERE id = ?", [force_id]).fetchone()
        return row[0] if row else None

    def force_sides(self) -> dict:
        return {r[0]: r[1] for r in self.conn.execute("SELECT id, side FROM forces")}
