"""Schema changes, applied once each and recorded in _sqlite_migrations (sqlite-utils Migrations).

Append new steps at the end; never edit one that has shipped.
"""

from sqlite_utils import Database, Migrations

migrations = Migrations("tracker")

from ..model.vocabulary import PRECISIONS, SIDES, STATUSES

APPEND_ONLY_TABLES = ("events", "event_sources", "retractions")


def _run(db: Database, statements):
    for statement in statements:
        db.execute(statement)


@migrations()
def m001_initial(db: Database):
    status_list = ", ".join(f"'{s}'" for s in STATUSES)
    side_list = ", ".join(f"'{s}'" for s in SIDES)
    precision_list = ", ".join(f"'{p}'" for p in PRECISIONS)
    _run(db, [
        """CREATE TABLE campaigns (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            title TEXT,
            description TEXT,
            objective_locality_id INTEGER REFERENCES localities(id),
            centre_longitude REAL NOT NULL,
            centre_latitude REAL NOT NULL,
            outskirts_wkt TEXT,
            outskirts_note TEXT,
            start_date TEXT NOT NULL,
            region_km REAL NOT NULL DEFAULT 100,
            axes TEXT NOT NULL
        )""",
        """CREATE TABLE localities (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            alt_names TEXT,
            latitude REAL,
            longitude REAL,
            kind TEXT,
            governorate TEXT,
            coordinate_source TEXT,
            note TEXT,
            same_as INTEGER REFERENCES localities(id),
            km_to_outskirts REAL,
            km_to_centre REAL,
            bearing_deg REAL,
            axis TEXT,
            added_by TEXT,
            added_at TEXT
        )""",
        """CREATE TABLE locality_names (
            locality_id INTEGER NOT NULL REFERENCES localities(id),
            name TEXT NOT NULL,
            folded TEXT NOT NULL,
            loose TEXT NOT NULL,
            PRIMARY KEY (locality_id, name)
        )""",
        "CREATE INDEX idx_locality_names_folded ON locality_names(folded)",
        "CREATE INDEX idx_locality_names_loose ON locality_names(loose)",
        f"""CREATE TABLE forces (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            side TEXT NOT NULL CHECK (side IN ({side_list})),
            kind TEXT,
            aliases TEXT,
            note TEXT
        )""",
        """CREATE TABLE force_names (
            force_id INTEGER NOT NULL REFERENCES forces(id),
            name TEXT NOT NULL,
            folded TEXT NOT NULL,
            PRIMARY KEY (force_id, name)
        )""",
        "CREATE INDEX idx_force_names_folded ON force_names(folded)",
        """CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            url TEXT,
            publisher TEXT,
            title TEXT,
            published TEXT,
            note TEXT
        )""",
        f"""CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
            locality_id INTEGER NOT NULL REFERENCES localities(id),
            latitude REAL,
            longitude REAL,
            date TEXT NOT NULL,
            date_earliest TEXT NOT NULL,
            date_precision TEXT NOT NULL CHECK (date_precision IN ({precision_list})),
            status TEXT NOT NULL CHECK (status IN ({status_list})),
            force_id INTEGER NOT NULL REFERENCES forces(id),
            previous_force_id INTEGER REFERENCES forces(id),
            axis TEXT,
            note TEXT,
            recorded_at TEXT NOT NULL,
            recorded_by TEXT NOT NULL,
            supersedes INTEGER REFERENCES events(id),
            external_id TEXT UNIQUE
        )""",
        "CREATE INDEX idx_events_campaign_date ON events(campaign_id, date, id)",
        "CREATE INDEX idx_events_locality ON events(locality_id, date)",
        "CREATE INDEX idx_events_supersedes ON events(supersedes) WHERE supersedes IS NOT NULL",
        """CREATE TABLE event_sources (
            event_id INTEGER NOT NULL REFERENCES events(id),
            source_id INTEGER NOT NULL REFERENCES sources(id),
            quote TEXT,
            added_at TEXT NOT NULL,
            added_by TEXT NOT NULL,
            PRIMARY KEY (event_id, source_id)
        )""",
        "CREATE INDEX idx_event_sources_source ON event_sources(source_id)",
        """CREATE TABLE retractions (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL UNIQUE REFERENCES events(id),
            reason TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            recorded_by TEXT NOT NULL
        )""",
    ])
    # Recorded facts are append-only: enforced here, not only by convention.
    for table in APPEND_ONLY_TABLES:
        for action in ("UPDATE", "DELETE"):
            db.execute(
                f"""CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table}
                BEGIN SELECT RAISE(ABORT, '{table} are append-only: record a correction or retraction instead'); END"""
            )
    _run(db, [
        """CREATE VIEW counting_events AS
            SELECT e.* FROM events e
            WHERE NOT EXISTS (SELECT 1 FROM retractions r WHERE r.event_id = e.id)
              AND NOT EXISTS (SELECT 1 FROM events later WHERE later.supersedes = e.id
                              AND NOT EXISTS (SELECT 1 FROM retractions r2 WHERE r2.event_id = later.id))""",
        """CREATE VIEW event_details AS
            SELECT e.id, c.name AS campaign, e.date, e.date_earliest, e.date_precision,
                   l.name AS locality, l.latitude, l.longitude, e.status, f.name AS force, f.side,
                   pf.name AS previous_force, e.axis, l.km_to_outskirts, l.km_to_centre, e.note,
                   (SELECT group_concat(COALESCE(s.url, s.key), ' ') FROM event_sources es
                      JOIN sources s ON s.id = es.source_id WHERE es.event_id = e.id) AS sources,
                   (SELECT es.quote FROM event_sources es WHERE es.event_id = e.id AND es.quote IS NOT NULL
                      ORDER BY es.added_at LIMIT 1) AS quote,
                   e.recorded_at, e.recorded_by, e.supersedes,
                   (SELECT r.reason FROM retractions r WHERE r.event_id = e.id) AS retracted_because,
                   e.id IN (SELECT id FROM counting_events) AS counts
            FROM events e
            JOIN campaigns c ON c.id = e.campaign_id
            JOIN localities l ON l.id = e.locality_id
            JOIN forces f ON f.id = e.force_id
            LEFT JOIN forces pf ON pf.id = e.previous_force_id""",
    ])


@migrations()
def m002_review_queue(db: Database):
    status_list = ", ".join(f"'{s}'" for s in STATUSES)
    _run(db, [
        f"""CREATE TABLE candidates (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            extractor TEXT NOT NULL,
            locality_text TEXT NOT NULL,
            locality_id INTEGER REFERENCES localities(id),
            force_text TEXT NOT NULL,
            force_id INTEGER REFERENCES forces(id),
            status TEXT NOT NULL CHECK (status IN ({status_list})),
            date TEXT,
            date_earliest TEXT,
            date_precision TEXT,
            axis TEXT,
            distance_km REAL,
            distance_reference TEXT,
            quote TEXT NOT NULL,
            quote_start INTEGER,
            quote_end INTEGER,
            confidence REAL,
            note TEXT,
            extracted_at TEXT NOT NULL,
            fingerprint TEXT NOT NULL UNIQUE
        )""",
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            candidate_id INTEGER NOT NULL UNIQUE REFERENCES candidates(id),
            decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
            reason TEXT,
            event_id INTEGER REFERENCES events(id),
            reviewed_at TEXT NOT NULL,
            reviewed_by TEXT NOT NULL
        )""",
        """CREATE VIEW review_queue AS
            SELECT c.id, c.extractor, c.locality_text, l.name AS locality, l.latitude, l.longitude, c.status,
                   c.force_text, f.name AS force, f.side, c.date_earliest, c.date, c.date_precision, c.axis,
                   c.distance_km, c.confidence, c.quote, s.key AS source_key, s.url AS source_url, s.title,
                   c.extracted_at, r.decision, r.reason, r.event_id, r.reviewed_by
            FROM candidates c JOIN sources s ON s.id = c.source_id
            LEFT JOIN localities l ON l.id = c.locality_id LEFT JOIN forces f ON f.id = c.force_id
            LEFT JOIN reviews r ON r.candidate_id = c.id""",
    ])
    for table in ("candidates", "reviews"):
        for action in ("UPDATE", "DELETE"):
            db.execute(
                f"""CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table}
                BEGIN SELECT RAISE(ABORT, '{table} are append-only: record a new review instead'); END"""
            )


@migrations()
def m003_campaign_measures(db: Database):
    """Distances per campaign (each has its own objective), and external ids in event_details."""
    _run(db, [
        """CREATE TABLE locality_measures (
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
            locality_id INTEGER NOT NULL REFERENCES localities(id),
            km_to_outskirts REAL,
            km_to_centre REAL,
            bearing_deg REAL,
            axis TEXT,
            PRIMARY KEY (campaign_id, locality_id)
        )""",
        """INSERT INTO locality_measures (campaign_id, locality_id, km_to_outskirts, km_to_centre, bearing_deg, axis)
           SELECT (SELECT min(id) FROM campaigns), id, km_to_outskirts, km_to_centre, bearing_deg, axis
           FROM localities WHERE latitude IS NOT NULL AND EXISTS (SELECT 1 FROM campaigns)""",
        "DROP VIEW event_details",
        """CREATE VIEW event_details AS
            SELECT e.id, c.name AS campaign, e.date, e.date_earliest, e.date_precision,
                   l.name AS locality, e.latitude, e.longitude, e.status, f.name AS force, f.side,
                   pf.name AS previous_force, e.axis, m.km_to_outskirts, m.km_to_centre, e.note,
                   (SELECT group_concat(COALESCE(s.url, s.key), ' ') FROM event_sources es
                      JOIN sources s ON s.id = es.source_id WHERE es.event_id = e.id) AS sources,
                   (SELECT es.quote FROM event_sources es WHERE es.event_id = e.id AND es.quote IS NOT NULL
                      ORDER BY es.added_at LIMIT 1) AS quote,
                   e.recorded_at, e.recorded_by, e.supersedes,
                   (SELECT r.reason FROM retractions r WHERE r.event_id = e.id) AS retracted_because,
                   e.id IN (SELECT id FROM counting_events) AS counts,
                   e.external_id
            FROM events e
            JOIN campaigns c ON c.id = e.campaign_id
            JOIN localities l ON l.id = e.locality_id
            JOIN forces f ON f.id = e.force_id
            LEFT JOIN forces pf ON pf.id = e.previous_force_id
            LEFT JOIN locality_measures m ON m.campaign_id = e.campaign_id AND m.locality_id = e.locality_id""",
    ])


@migrations()
def m004_derived_cache(db: Database):
    """Derived data (the front series, state changes), rebuilt when the recorded facts change. Not facts: replaceable."""
    _run(db, [
        """CREATE TABLE derived_meta (
            campaign_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            token TEXT NOT NULL,
            first_day TEXT,
            last_day TEXT,
            PRIMARY KEY (campaign_id, kind)
        )""",
        """CREATE TABLE derived_front (
            campaign_id INTEGER NOT NULL,
            date TEXT NOT NULL,
            axis TEXT NOT NULL,
            km_to_outskirts REAL,
            locality_id INTEGER,
            event_id INTEGER
        )""",
        "CREATE INDEX idx_derived_front ON derived_front(campaign_id, date, axis)",
        """CREATE TABLE derived_states (
            campaign_id INTEGER NOT NULL,
            locality_id INTEGER NOT NULL,
            date TEXT NOT NULL,
            holder_id INTEGER,
            condition TEXT,
            by_id INTEGER,
            since TEXT,
            event_id INTEGER,
            axis TEXT
        )""",
        "CREATE INDEX idx_derived_states ON derived_states(campaign_id, locality_id, date)",
    ])


@migrations()
def m005_checks_without_in_lists(db: Database):
    """Rewrite `CHECK (col IN ('a', 'b', ...))` as `col = 'a' OR col = 'b' ...`: the same rule, 3x faster inserts.

    SQLite evaluates an IN list in a CHECK by building a temporary index for every inserted row:
    1M events took 12.3 s to insert with it, 5.4 s with the OR chain. Only the constraint's text
    changes (not the stored format), so this is SQLite's documented writable_schema procedure
    (https://sqlite.org/lang_altertable.html#otheralter) rather than a table rebuild.
    """
    import re

    def as_or_chain(match):
        column, values = match[1], [v.strip() for v in match[2].split(",")]
        return "CHECK (" + " OR ".join(f"{column} = {value}" for value in values) + ")"

    in_list = re.compile(r"CHECK \((\w+) IN \(((?:'[a-z_]+'(?:, )?)+)\)\)")
    rewritten = []
    for name, sql in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%CHECK (%'"):
        new_sql = in_list.sub(as_or_chain, sql)
        if new_sql != sql:
            rewritten.append((new_sql, name))
    if not rewritten:
        return
    schema_version = db.execute("PRAGMA schema_version").fetchone()[0]
    db.execute("PRAGMA writable_schema = ON")
    try:
        db.conn.executemany("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", rewritten)
        db.execute(f"PRAGMA schema_version = {schema_version + 1}")
    finally:
        db.execute("PRAGMA writable_schema = OFF")


@migrations()
def m006_no_state_cache(db: Database):
    """States on a date are now read from the events that decide them (0.2 s at 1M events): the cache goes."""
    db.execute("DROP TABLE IF EXISTS derived_states")
    db.execute("DELETE FROM derived_meta WHERE kind = 'states'")


@migrations()
def m007_no_front_cache(db: Database):
    """The front series is now computed nearest locality first, reading only what can change it
    (0.1 s at 1M events): the last derived cache goes too."""
    db.execute("DROP TABLE IF EXISTS derived_front")
    db.execute("DROP TABLE IF EXISTS derived_meta")


@migrations()
def m008_counting_by_exclusion(db: Database):
    """What no longer counts as one small view; counting_events and event_details.counts test against it.

    The old forms probed every event with NOT EXISTS, and event_details.counts materialised every
    counting event: listing 10 rows of event_details at 1M events took 1.3 s. The rule is the same
    as tracker/db.py's _NOT_COUNTING (which also takes --known-at).
    """
    _run(db, [
        "DROP VIEW event_details",
        "DROP VIEW counting_events",
        """CREATE VIEW not_counting_events AS
            SELECT event_id AS id FROM retractions
            UNION SELECT supersedes FROM events WHERE supersedes IS NOT NULL
                AND id NOT IN (SELECT event_id FROM retractions)""",
        """CREATE VIEW counting_events AS
            SELECT e.* FROM events e WHERE e.id NOT IN (SELECT id FROM not_counting_events)""",
        """CREATE VIEW event_details AS
            SELECT e.id, c.name AS campaign, e.date, e.date_earliest, e.date_precision,
                   l.name AS locality, e.latitude, e.longitude, e.status, f.name AS force, f.side,
                   pf.name AS previous_force, e.axis, m.km_to_outskirts, m.km_to_centre, e.note,
                   (SELECT group_concat(COALESCE(s.url, s.key), ' ') FROM event_sources es
                      JOIN sources s ON s.id = es.source_id WHERE es.event_id = e.id) AS sources,
                   (SELECT es.quote FROM event_sources es WHERE es.event_id = e.id AND es.quote IS NOT NULL
                      ORDER BY es.added_at LIMIT 1) AS quote,
                   e.recorded_at, e.recorded_by, e.supersedes,
                   (SELECT r.reason FROM retractions r WHERE r.event_id = e.id) AS retracted_because,
                   e.id NOT IN (SELECT id FROM not_counting_events) AS counts,
                   e.external_id
            FROM events e
            JOIN campaigns c ON c.id = e.campaign_id
            JOIN localities l ON l.id = e.locality_id
            JOIN forces f ON f.id = e.force_id
            LEFT JOIN forces pf ON pf.id = e.previous_force_id
            LEFT JOIN locality_measures m ON m.campaign_id = e.campaign_id AND m.locality_id = e.locality_id""",
    ])


@migrations()
def m009_locality_distinctions(db: Database):
    """Localities kept apart from another place sharing a spelling (tracker locality add --distinct REASON)."""
    db.execute("""CREATE TABLE locality_distinctions (
        locality_id INTEGER NOT NULL REFERENCES localities(id),
        reason TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL
    )""")


@migrations()
def m010_candidates_beyond_the_gazetteer(db: Database):
    """Candidates may name places the gazetteer lacks (with the world gazetteer's position, how it was found,
    other places of that name) and forces the database lacks (with a side), and say which campaign's region
    holds them. The review queue shows them; views are recreated from store/views.py."""
    from .views import create_views

    for column, kind in (("latitude", "REAL"), ("longitude", "REAL"), ("place_source", "TEXT"), ("resolution", "TEXT"),
                         ("alternatives", "TEXT"), ("side", "TEXT"), ("campaign", "TEXT")):
        db.execute(f"ALTER TABLE candidates ADD COLUMN {column} {kind}")
    create_views(db)


@migrations()
def m011_summaries_banks_and_start_state(db: Database):
    """Events carry a one-line summary in the recorder's words and what was inferred (a field of its own, so
    nothing inferred passes for reported); localities say which bank of a city's river they are on; a campaign
    has a sourced start state (who held a place when it began) and may name a final objective inside the city
    (Mosul's Old City), which the front inside the city is measured to."""
    from .views import create_views

    db.execute("ALTER TABLE events ADD COLUMN summary TEXT")
    db.execute("ALTER TABLE events ADD COLUMN inferred TEXT")
    db.execute("ALTER TABLE localities ADD COLUMN bank TEXT")
    db.execute("ALTER TABLE campaigns ADD COLUMN final_objective_locality_id INTEGER REFERENCES localities(id)")
    db.execute("""CREATE TABLE start_state (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
        locality_id INTEGER NOT NULL REFERENCES localities(id),
        force_id INTEGER NOT NULL REFERENCES forces(id),
        since TEXT,
        summary TEXT,
        source_id INTEGER REFERENCES sources(id),
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        UNIQUE (campaign_id, locality_id)
    )""")
    create_views(db)


@migrations()
def m012_fighting_reports(db: Database):
    """Fighting reports from event datasets (UCDP GED): where and when there was fighting, between which sides,
    never who took a place. Kept apart from control events; linked to the nearest locality within the report's
    own precision."""
    db.execute("""CREATE TABLE fighting_reports (
        id INTEGER PRIMARY KEY,
        dataset TEXT NOT NULL,
        external_id TEXT NOT NULL UNIQUE,
        source_id INTEGER REFERENCES sources(id),
        side_a TEXT, side_b TEXT, type_of_violence INTEGER,
        where_name TEXT, where_prec INTEGER, latitude REAL, longitude REAL,
        locality_id INTEGER REFERENCES localities(id), km_to_locality REAL,
        date_start TEXT NOT NULL, date_end TEXT NOT NULL, date_prec INTEGER, event_clarity INTEGER,
        deaths_low INTEGER, deaths_best INTEGER, deaths_high INTEGER,
        headline TEXT, source_office TEXT, source_date TEXT,
        imported_at TEXT NOT NULL
    )""")
    db.execute("CREATE INDEX idx_fighting_locality_date ON fighting_reports(locality_id, date_end)")
    db.execute("""CREATE VIEW fighting_per_locality_day AS
        SELECT f.locality_id, l.name AS locality, f.date_end AS day, count(*) AS reports,
               sum(f.deaths_best) AS deaths_best, group_concat(DISTINCT f.dataset) AS datasets
        FROM fighting_reports f JOIN localities l ON l.id = f.locality_id
        GROUP BY f.locality_id, f.date_end""")


@migrations()
def m013_conflict_decisions(db: Database):
    """Decisions on conflicting reports: which was kept (the other is retracted, with the reason) or that both
    stay, disputed. The conflicts themselves are derived, never stored."""
    db.execute("""CREATE TABLE conflict_decisions (
        id INTEGER PRIMARY KEY,
        first_event_id INTEGER NOT NULL REFERENCES events(id),
        second_event_id INTEGER NOT NULL REFERENCES events(id),
        kind TEXT,
        decision TEXT NOT NULL CHECK (decision = 'kept' OR decision = 'disputed'),
        kept_event_id INTEGER REFERENCES events(id),
        reason TEXT NOT NULL,
        decided_by TEXT NOT NULL,
        decided_at TEXT NOT NULL
    )""")
