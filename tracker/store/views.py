"""The SQL that says which events still count, written once; the views are built from it.

An event stops counting when it is retracted, or when a correction that is not itself retracted
supersedes it. `not_counting(known)` renders that rule for a moment in time (a SQL expression
compared with recorded_at, for --known-at) or for now. Migrations that change a view recreate it
from here with `create_views(db)`; the migrations that shipped keep their own text, frozen.
"""


def not_counting(known: str | None = None) -> str:
    """A SELECT of the ids of events that no longer count, as the database stood at `known` (None: now)."""
    by = f" AND recorded_at <= {known}" if known else ""
    retracted = f"SELECT event_id FROM retractions{' WHERE recorded_at <= ' + known if known else ''}"
    return (f"{retracted} UNION SELECT supersedes FROM events WHERE supersedes IS NOT NULL{by}"
            f" AND id NOT IN ({retracted})")


NOT_COUNTING_EVENTS = f"CREATE VIEW not_counting_events AS SELECT event_id AS id FROM ({not_counting()})"

COUNTING_EVENTS = "CREATE VIEW counting_events AS SELECT e.* FROM events e WHERE e.id NOT IN not_counting_events"

EVENT_DETAILS = """CREATE VIEW event_details AS
    SELECT e.id, c.name AS campaign, e.date, e.date_earliest, e.date_precision,
           l.name AS locality, e.latitude, e.longitude, e.status, f.name AS force, f.side,
           pf.name AS previous_force, e.axis, m.km_to_outskirts, m.km_to_centre, e.summary, e.inferred, e.note,
           (SELECT group_concat(COALESCE(s.url, s.key), ' ') FROM event_sources es
              JOIN sources s ON s.id = es.source_id WHERE es.event_id = e.id) AS sources,
           (SELECT es.quote FROM event_sources es WHERE es.event_id = e.id AND es.quote IS NOT NULL
              ORDER BY es.added_at LIMIT 1) AS quote,
           e.recorded_at, e.recorded_by, e.supersedes,
           (SELECT r.reason FROM retractions r WHERE r.event_id = e.id) AS retracted_because,
           e.id NOT IN not_counting_events AS counts,
           e.external_id
    FROM events e
    JOIN campaigns c ON c.id = e.campaign_id
    JOIN localities l ON l.id = e.locality_id
    JOIN forces f ON f.id = e.force_id
    LEFT JOIN forces pf ON pf.id = e.previous_force_id
    LEFT JOIN locality_measures m ON m.campaign_id = e.campaign_id AND m.locality_id = e.locality_id"""

REVIEW_QUEUE = """CREATE VIEW review_queue AS
    SELECT c.id, c.extractor, c.locality_text, l.name AS locality, COALESCE(l.latitude, c.latitude) AS latitude,
           COALESCE(l.longitude, c.longitude) AS longitude, c.status, c.force_text, f.name AS force,
           COALESCE(f.side, c.side) AS side, c.date_earliest, c.date, c.date_precision, c.axis, c.distance_km,
           c.confidence, c.quote, s.key AS source_key, s.url AS source_url, s.title, c.extracted_at, r.decision,
           r.reason, r.event_id, r.reviewed_by, c.locality_id, c.force_id, c.place_source, c.resolution,
           c.alternatives, c.campaign, c.note
    FROM candidates c JOIN sources s ON s.id = c.source_id
    LEFT JOIN localities l ON l.id = c.locality_id LEFT JOIN forces f ON f.id = c.force_id
    LEFT JOIN reviews r ON r.candidate_id = c.id"""

VIEWS = {"not_counting_events": NOT_COUNTING_EVENTS, "counting_events": COUNTING_EVENTS,
         "event_details": EVENT_DETAILS, "review_queue": REVIEW_QUEUE}


def create_views(db):
    """(Re)create every view from its current definition (dependants dropped first, rebuilt in order)."""
    for name in reversed(list(VIEWS)):
        db.execute(f"DROP VIEW IF EXISTS {name}")
    for name in VIEWS:
        db.execute(VIEWS[name])
