"""Fighting reports (UCDP GED and the like): stored apart from control events."""

FIGHTING_COLUMNS = ("dataset", "external_id", "source_id", "side_a", "side_b", "type_of_violence", "where_name",
                    "where_prec", "latitude", "longitude", "locality_id", "km_to_locality", "date_start", "date_end",
                    "date_prec", "event_clarity", "deaths_low", "deaths_best", "deaths_high", "headline",
                    "source_office", "source_date", "imported_at")


class FightingStore:
    def insert_fighting_reports(self, rows: list) -> int:
        """Insert reports (dicts with FIGHTING_COLUMNS); one already stored (same external_id) is left as it is.
        Returns how many were new. Call inside a transaction."""
        before = self.conn.total_changes
        self.conn.executemany(
            f"INSERT OR IGNORE INTO fighting_reports ({', '.join(FIGHTING_COLUMNS)}) "
            f"VALUES ({', '.join('?' for _ in FIGHTING_COLUMNS)})",
            [[row.get(c) for c in FIGHTING_COLUMNS] for row in rows])
        return self.conn.total_changes - before

    def fighting_reports(self, dataset: str | None = None, since: str | None = None, until: str | None = None) -> list:
        where, args = [], []
        for clause, value in (("dataset = ?", dataset), ("date_end >= ?", since), ("date_start <= ?", until)):
            if value is not None:
                where.append(clause)
                args.append(value)
        return self.query(f"SELECT f.*, l.name AS locality FROM fighting_reports f "
                          f"LEFT JOIN localities l ON l.id = f.locality_id "
                          f"{'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY f.date_start, f.id", args)

    def fighting_ids(self, dataset: str) -> set:
        return {r[0] for r in self.conn.execute("SELECT external_id FROM fighting_reports WHERE dataset = ?", [dataset])}
