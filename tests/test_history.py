"""As-of logic on a real database: what counts on a date, and what does not."""

from tracker import reports
from tracker.dates import parse_event_date


def holder_on(tdb, name, day):
    status = reports.status(tdb, as_of=day)
    for group in status["axes"]:
        for row in group["localities"]:
            if row["locality"] == name:
                return row
    return None


def test_bartella_changes_hands_between_the_17th_and_the_25th(tdb):
    before = holder_on(tdb, "Bartella", "2016-10-17")
    after = holder_on(tdb, "Bartella", "2016-10-25")
    assert (before["holder"], before["side"], before["condition"]) == ("Islamic State", "defender", "held")
    assert (after["holder"], after["side"]) == ("Counter Terrorism Service", "attacker")


def test_an_event_after_the_as_of_date_does_not_count(tdb):
    assert holder_on(tdb, "Bartella", "2016-10-19")["side"] == "defender"
    assert holder_on(tdb, "Bartella", "2016-10-20")["side"] == "attacker"


def test_encircled_and_contested_are_not_held(tdb):
    bashiqa = holder_on(tdb, "Bashiqa", "2016-10-30")
    assert bashiqa["condition"] == "encircled" and bashiqa["side"] == "defender"
    gogjali = holder_on(tdb, "Gogjali", "2016-11-02")
    assert gogjali["condition"] == "contested" and gogjali["pressed_by"] == "Counter Terrorism Service"
    front = {r["axis"]: r for r in reports.front(tdb, start="2016-11-02", end="2016-11-02")}
    assert front["east"]["locality"] != "Gogjali"


def test_a_retracted_event_stops_counting_but_stays_in_history(tdb):
    event = tdb.events(locality="Bartella")[0]
    tdb.retract(event["id"], "test: wrong town")
    assert holder_on(tdb, "Bartella", "2016-10-25") is None  # no counting record left
    history = tdb.events(locality="Bartella")
    assert [e["id"] for e in history] == [event["id"]]
    assert history[0]["counts"] == 0 and history[0]["retracted_because"] == "test: wrong town"


def test_a_correction_supersedes_without_losing_the_original(tdb):
    original = tdb.events(locality="Bartella")[0]
    tdb.add_event(locality="Bartella", force="CTS", date=parse_event_date("2016-10-21"),
                  supersedes=original["id"], note="correction: a day later")
    assert holder_on(tdb, "Bartella", "2016-10-20")["side"] == "defender"
    assert holder_on(tdb, "Bartella", "2016-10-21")["side"] == "attacker"
    ids = [e["id"] for e in tdb.events(locality="Bartella")]
    assert original["id"] in ids and len(ids) == 2


def test_the_same_side_entering_a_place_it_holds_changes_nothing(tdb):
    # Bashiqa: captured on 7 Nov, then reported entered overnight into 8 Nov.
    row = holder_on(tdb, "Bashiqa", "2016-11-09")
    assert row["condition"] == "held" and row["holder"] == "Peshmerga"


def test_east_axis_is_closer_than_south_on_24_october(tdb):
    rows = {r["axis"]: r for r in reports.front(tdb, start="2016-10-24", end="2016-10-24")}
    assert rows["east"]["km_to_outskirts"] < rows["south"]["km_to_outskirts"]
    assert rows["east"]["locality"] == "Bartella"


def test_front_has_one_row_per_day_and_axis(tdb):
    rows = reports.front(tdb, start="2016-10-17", end="2016-10-26")
    assert len(rows) == 10 * 4
    assert {r["axis"] for r in rows} == {"north", "east", "south", "west"}


def test_front_never_recedes_without_a_loss_in_the_bundled_data(tdb):
    rows = reports.front(tdb)
    last = {}
    for row in rows:
        if row["km_to_outskirts"] is None:
            continue
        assert row["km_to_outskirts"] <= last.get(row["axis"], float("inf"))
        last[row["axis"]] = row["km_to_outskirts"]
    assert all(km == 0 for km in last.values())  # Mosul itself was retaken


def test_stats_areas_add_up_to_the_region(tdb):
    result = reports.stats(tdb, as_of="2016-11-10")
    total = sum(side["area_km2"] for side in result["by_side"].values())
    assert abs(total - result["region"]["area_km2"]) < 1
    assert result["by_side"]["attacker"]["localities"] >= 15
    assert result["by_side"]["attacker"]["area_km2"] > 0


def test_derived_cache_matches_a_fresh_replay_and_follows_new_events(tdb):
    from tracker import history

    reports.front(tdb)
    assert tdb.derived(1, "front") is not None
    cached_front = reports.front(tdb, start="2016-10-17", end="2016-11-30")
    places = {p["id"]: p["km_to_outskirts"] for p in tdb.mapped_localities(1)}
    replayed = history.front_series(tdb.counting_events(1), places, ["north", "east", "south", "west"],
                                    [r["date"] for r in cached_front[::4]], tdb.force_sides())
    assert [(r["date"], r["axis"], r["km_to_outskirts"], r["locality_id"]) for r in cached_front] == \
           [(r["date"], r["axis"], r["km_to_outskirts"], r["locality_id"]) for r in replayed]
    tdb.add_event(locality="Gogjali", force="IS", date=parse_event_date("2016-11-02"), status="lost")
    assert tdb.derived(1, "front") is None
    assert holder_on(tdb, "Gogjali", "2016-11-02")["holder"] == "Islamic State"


def test_reports_work_on_a_read_only_database(db_path):
    from tracker.db import TrackerDB

    readonly = TrackerDB(db_path, readonly=True)
    rows = reports.front(readonly, start="2016-10-24", end="2016-10-24")
    assert {r["axis"]: r["locality"] for r in rows}["east"] == "Bartella"
    assert reports.status(readonly, as_of="2016-10-24")["as_of"] == "2016-10-24"


def test_what_the_database_said_before_a_correction_can_be_rebuilt(tdb):
    from tracker.db import now_utc

    original = tdb.events(locality="Bartella")[0]
    before_correction = now_utc()
    tdb.add_event(locality="Bartella", force="CTS", date=parse_event_date("2016-10-23"), supersedes=original["id"],
                  note="correction: three days later")
    after_correction = now_utc()
    tdb.retract(tdb.events(locality="Gogjali")[0]["id"], "test retraction")
    then = reports.status(tdb, as_of="2016-10-21", known_at=before_correction)
    now = reports.status(tdb, as_of="2016-10-21")
    east_then = {r["locality"]: r for g in then["axes"] if g["axis"] == "east" for r in g["localities"]}
    east_now = {r["locality"]: r for g in now["axes"] if g["axis"] == "east" for r in g["localities"]}
    assert east_then["Bartella"]["side"] == "attacker"  # before the correction: taken on the 20th
    assert east_now["Bartella"]["side"] == "defender"  # after it: not until the 23rd
    gogjali_then = reports.status(tdb, as_of="2016-11-02", known_at=after_correction)
    assert any(r["locality"] == "Gogjali" for g in gogjali_then["axes"] for r in g["localities"])
    front_then = {r["axis"]: r["locality"] for r in reports.front(tdb, start="2016-10-21", end="2016-10-21",
                                                                  known_at=before_correction)}
    assert front_then["east"] == "Bartella"


def test_states_from_the_deciding_events_equal_a_full_replay(tdb):
    """status reads only each locality's last holding event and what follows; any history must give
    the same states as replaying every counting event (ties on a day, corrections, retractions, --known-at)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tracker import history
    from tracker.migrations import STATUSES

    places = [p["id"] for p in tdb.mapped_localities(1)][:6]
    forces = [f["id"] for f in tdb.forces()]
    sides = tdb.force_sides()
    moments = [f"2020-01-0{n}T00:00:00.000000+00:00" for n in range(1, 5)]
    event = st.fixed_dictionaries({
        "locality_id": st.sampled_from(places), "force_id": st.sampled_from(forces),
        "previous_force_id": st.none() | st.sampled_from(forces), "status": st.sampled_from(STATUSES),
        "date": st.sampled_from([f"2016-11-0{n}" for n in range(1, 7)]), "axis": st.none() | st.sampled_from(["east", "south"]),
        "recorded_at": st.sampled_from(moments),
    })

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(events=st.lists(event, min_size=1, max_size=40), supersede=st.lists(st.tuples(st.integers(0, 39), st.integers(0, 39))),
           retract=st.lists(st.integers(0, 39), unique=True), day=st.sampled_from([f"2016-11-0{n}" for n in range(0, 8)]),
           known_at=st.none() | st.sampled_from(moments))
    def check(events, supersede, retract, day, known_at):
        tdb.conn.execute("BEGIN")
        try:
            first_id = tdb.conn.execute("SELECT max(id) FROM events").fetchone()[0] + 1
            for later, earlier in supersede:  # a later event corrects an earlier one
                if earlier < later < len(events):
                    events[later]["supersedes"] = first_id + earlier
            tdb.insert_events_bulk([{"campaign_id": 1, **e} for e in events])
            for n in retract:
                if n < len(events):
                    tdb.retract(first_id + n, "test")
            counting = tdb.counting_events(1, known_at=known_at)
            deciding = tdb.events_deciding_states(1, day, known_at)
            assert history.states_on(deciding, day, sides) == history.states_on(counting, day, sides)
            assert {e["id"] for e in deciding} <= {e["id"] for e in counting}
        finally:
            tdb.conn.execute("ROLLBACK")

    check()
