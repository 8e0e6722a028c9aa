"""Events in the store, and the one rule of what still counts, read three ways that must agree.

The view (`counting_events`, for Datasette users), the time-travel query (`counting_events(known_at=)`,
for --known-at) and the write path (`locality_events`, which derives a new event's previous holder)
are all built from store/views.py; generated histories with corrections of corrections and retracted
corrections check they agree with each other and with the rule written out in Python.
"""

from hypothesis import HealthCheck, given, settings, strategies as st

from tracker.model.dates import parse_event_date

MOMENTS = [f"2020-01-0{n}T00:00:00.000000+00:00" for n in range(1, 6)]


def rule(events, retractions, known):
    """Ids that count as the database stood at `known`: recorded by then, not retracted by then, and not
    superseded by a correction recorded by then that is not itself retracted by then."""
    retracted = {event_id for event_id, at in retractions if at <= known}
    present = {e["id"]: e for e in events if e["recorded_at"] <= known}
    superseded = {e["supersedes"] for e in present.values() if e["supersedes"] and e["id"] not in retracted}
    return {i for i in present if i not in retracted and i not in superseded}


def test_view_time_travel_and_write_path_agree_on_generated_histories(tdb):
    places = [p["id"] for p in tdb.mapped_localities(1)][:3]
    forces = [f["id"] for f in tdb.forces()]
    base = {r["id"] for r in tdb.query("SELECT id FROM events")}
    step = st.fixed_dictionaries({
        "locality_id": st.sampled_from(places), "force_id": st.sampled_from(forces),
        "status": st.sampled_from(["captured", "entered"]), "date": st.sampled_from(["2016-11-01", "2016-11-02"]),
        "recorded_at": st.sampled_from(MOMENTS), "corrects": st.none() | st.integers(0, 29),
    })

    @settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(steps=st.lists(step, min_size=1, max_size=30), retract=st.lists(st.tuples(st.integers(0, 29),
           st.sampled_from(MOMENTS)), unique_by=lambda r: r[0]), known=st.sampled_from(MOMENTS))
    def check(steps, retract, known):
        tdb.conn.execute("BEGIN")
        try:
            first = tdb.conn.execute("SELECT max(id) FROM events").fetchone()[0] + 1
            rows = []
            for n, s in enumerate(steps):  # a correction (of anything earlier, corrections included)
                corrects = first + s["corrects"] if s["corrects"] is not None and s["corrects"] < n else None
                rows.append({"campaign_id": 1, "locality_id": s["locality_id"], "force_id": s["force_id"],
                             "status": s["status"], "date": s["date"], "recorded_at": s["recorded_at"],
                             "supersedes": corrects})
            tdb.insert_events_bulk(rows)
            events = [dict(r, id=first + n) for n, r in enumerate(rows)]
            retractions = [(first + n, at) for n, at in retract if n < len(rows)]
            for event_id, at in retractions:
                tdb.conn.execute("INSERT INTO retractions (event_id, reason, recorded_at, recorded_by) "
                                 "VALUES (?, 'test', ?, 'test')", [event_id, at])
            now = "9999"
            view = {r[0] for r in tdb.conn.execute("SELECT id FROM counting_events")} - base
            travel_now = {r["id"] for r in tdb.counting_events(1)} - base
            travel_then = {r["id"] for r in tdb.counting_events(1, known_at=known)} - base
            write_path = {r["id"] for p in places for r in tdb.locality_events(p, 1)} - base
            assert view == travel_now == write_path == rule(events, retractions, now)
            assert travel_then == rule(events, retractions, known)
            details = {r[0]: r[1] for r in tdb.conn.execute("SELECT id, counts FROM event_details")}
            assert {i for i, counts in details.items() if counts} - base == view
        finally:
            tdb.conn.execute("ROLLBACK")

    check()


def test_the_same_counting_event_is_found_and_a_different_one_is_not(tdb):
    event = tdb.event(tdb.query("SELECT min(id) AS id FROM events WHERE date_precision = 'day'")[0]["id"])
    place = tdb.resolve_locality(event["locality"])
    force = tdb.resolve_force(event["force"])
    date = parse_event_date(event["date"])
    assert tdb.same_counting_event(1, place["id"], date, event["status"], force["id"]) == event["id"]
    assert tdb.same_counting_event(1, place["id"], date, "encircled", force["id"]) is None


def test_bulk_events_take_their_locality_coordinates_and_axis(tdb):
    place = tdb.resolve_locality("Bartella")
    tdb.insert_events_bulk([{"campaign_id": 1, "locality_id": place["id"], "force_id": 1, "status": "captured",
                             "date": "2016-10-20"}])
    event = tdb.event(tdb.query("SELECT max(id) AS id FROM events")[0]["id"])
    assert (event["latitude"], event["longitude"], event["axis"]) == (place["latitude"], place["longitude"], "east")
    assert event["recorded_by"] == "bulk"
