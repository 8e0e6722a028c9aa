"""As-of logic on a real database: what counts on a date, and what does not."""

from tracker.derive import reports
from tracker.derive.reports import list_events
from tracker.record.events import add_event, retract
from tracker.model.dates import parse_event_date


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
    gogjali = holder_on(tdb, "Gogjali", "2016-11-02")  # entered on 1 November, cleared on the 4th
    assert gogjali["condition"] == "contested" and gogjali["side"] == "defender"
    assert gogjali["pressed_by"] in ("Counter Terrorism Service", "Iraqi Army")  # two reports name each
    front = {r["axis"]: r for r in reports.front(tdb, start="2016-11-02", end="2016-11-02")}
    assert front["east"]["locality"] != "Gogjali"


def test_a_retracted_event_stops_counting_but_stays_in_history(tdb):
    (event,) = list_events(tdb, locality="Khorsabad")
    retract(tdb, event["id"], "test: wrong town")
    assert holder_on(tdb, "Khorsabad", "2016-10-25") is None  # no counting record left
    history = list_events(tdb, locality="Khorsabad")
    assert [e["id"] for e in history] == [event["id"]]
    assert history[0]["counts"] == 0 and history[0]["retracted_because"] == "test: wrong town"


def test_a_correction_supersedes_without_losing_the_original(tdb):
    (original,) = list_events(tdb, locality="Khorsabad")
    add_event(tdb, locality="Khorsabad", force="Peshmerga", date=parse_event_date("2016-10-21"),
              supersedes=original["id"], note="correction: a day later")
    assert holder_on(tdb, "Khorsabad", "2016-10-20")["side"] == "defender"
    assert holder_on(tdb, "Khorsabad", "2016-10-21")["side"] == "attacker"
    ids = [e["id"] for e in list_events(tdb, locality="Khorsabad")]
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
    assert all(km == 0 for km in last.values())  # every axis reached the city's outskirts


def test_stats_areas_add_up_to_the_region(tdb):
    result = reports.stats(tdb, as_of="2016-11-10")
    total = sum(side["area_km2"] for side in result["by_side"].values())
    assert abs(total - result["region"]["area_km2"]) < 1
    assert result["by_side"]["attacker"]["localities"] >= 15
    assert result["by_side"]["attacker"]["area_km2"] > 0


def front_by_daily_replay(tdb, days, axes):
    """The definition, slowly: every day, every state, the attacker's closest held locality per axis."""
    from tracker.derive import history

    from tracker.derive.control import initial_states

    campaign = tdb.campaign()
    events, sides = tdb.counting_events(1), tdb.force_sides()
    places = {p["id"]: p["km_to_outskirts"] for p in tdb.mapped_localities(1)
              if p["id"] != campaign["objective_locality_id"] and p["kind"] != "district"}
    initial = initial_states(tdb, campaign)
    rows = []
    for day in days:
        states = {i: s for i, s in history.states_on(events, day, sides, initial).items() if i in places}
        closest = history.closest_held(states, places, axes, sides)
        rows += [(day, axis, *(closest[axis][:2] if axis in closest else (None, None))) for axis in axes]
    return rows


def test_front_equals_a_daily_replay_and_follows_new_events(tdb):
    from tracker.model.dates import day_range

    axes = ["north", "east", "south", "west"]
    days = list(day_range("2016-10-17", "2017-07-10"))
    front = reports.front(tdb, start=days[0], end=days[-1])
    assert [(r["date"], r["axis"], r["km_to_outskirts"], r["locality_id"]) for r in front] == \
        front_by_daily_replay(tdb, days, axes)
    assert {r["axis"]: r["locality"] for r in front if r["date"] == "2016-10-24"}["east"] == "Bartella"
    day = next(r["date"] for r in front if r["axis"] == "east" and r["locality"] == "Gogjali")
    add_event(tdb, locality="Gogjali", force="IS", date=parse_event_date(day), status="lost")
    assert holder_on(tdb, "Gogjali", day)["holder"] == "Islamic State"
    after = reports.front(tdb, start=day, end=day, axis="east")
    assert after[0]["locality"] != "Gogjali"


def test_reports_work_on_a_read_only_database(db_path):
    from tracker.store import TrackerDB

    readonly = TrackerDB(db_path, readonly=True)
    rows = reports.front(readonly, start="2016-10-24", end="2016-10-24")
    assert {r["axis"]: r["locality"] for r in rows}["east"] == "Bartella"
    assert reports.status(readonly, as_of="2016-10-24")["as_of"] == "2016-10-24"


def test_what_the_database_said_before_a_correction_can_be_rebuilt(tdb):
    from tracker.model.clock import now_utc

    (original,) = list_events(tdb, locality="Khorsabad")
    before_correction = now_utc()
    add_event(tdb, locality="Khorsabad", force="Peshmerga", date=parse_event_date("2016-10-23"),
              supersedes=original["id"], note="correction: three days later")
    after_correction = now_utc()
    for event in list_events(tdb, locality="Gogjali"):
        retract(tdb, event["id"], "test retraction")
    then = reports.status(tdb, as_of="2016-10-21", known_at=before_correction)
    now = reports.status(tdb, as_of="2016-10-21")
    north_then = {r["locality"]: r for g in then["axes"] if g["axis"] == "north" for r in g["localities"]}
    north_now = {r["locality"]: r for g in now["axes"] if g["axis"] == "north" for r in g["localities"]}
    assert north_then["Khorsabad"]["side"] == "attacker"  # before the correction: taken on the 20th
    assert north_now["Khorsabad"]["side"] == "defender"  # after it: not until the 23rd
    gogjali_then = reports.status(tdb, as_of="2016-11-02", known_at=after_correction)
    assert any(r["locality"] == "Gogjali" for g in gogjali_then["axes"] for r in g["localities"])
    assert not any(r["locality"] == "Gogjali" for g in reports.status(tdb, as_of="2016-11-02")["axes"]
                   for r in g["localities"])
    front_then = {r["axis"]: r["locality"] for r in reports.front(tdb, start="2016-10-21", end="2016-10-21",
                                                                  known_at=before_correction)}
    assert front_then["north"] == "Khorsabad"


def test_states_from_the_deciding_events_equal_a_full_replay(tdb):
    """status reads only each locality's last holding event and what follows; any history must give
    the same states as replaying every counting event (ties on a day, corrections, retractions, --known-at)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tracker.derive import history
    from tracker.model.vocabulary import STATUSES

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
           retracted=st.lists(st.integers(0, 39), unique=True), day=st.sampled_from([f"2016-11-0{n}" for n in range(0, 8)]),
           known_at=st.none() | st.sampled_from(moments))
    def check(events, supersede, retracted, day, known_at):
        tdb.conn.execute("BEGIN")
        try:
            first_id = tdb.conn.execute("SELECT max(id) FROM events").fetchone()[0] + 1
            for later, earlier in supersede:  # a later event corrects an earlier one
                if earlier < later < len(events):
                    events[later]["supersedes"] = first_id + earlier
            tdb.insert_events_bulk([{"campaign_id": 1, **e} for e in events])
            for n in retracted:
                if n < len(events):
                    tdb.insert_retraction(first_id + n, "test", "test")  # any mix, as older databases may hold
            counting = tdb.counting_events(1, known_at=known_at)
            deciding = tdb.events_deciding_states(1, day, known_at)
            assert history.states_on(deciding, day, sides) == history.states_on(counting, day, sides)
            assert {e["id"] for e in deciding} <= {e["id"] for e in counting}
        finally:
            tdb.conn.execute("ROLLBACK")

    check()


def test_front_nearest_first_equals_the_daily_definition_on_any_history():
    """Any history, distances with ties and an axis-less objective at 0 km: the front that stops early
    equals, day by day, the closest attacker-held locality over all states."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tracker.derive import history
    from tracker.model.vocabulary import STATUSES

    sides = {1: "attacker", 2: "attacker", 3: "defender", 4: "other"}
    axes = ["north", "east", "south"]
    days = [f"2016-11-{n:02d}" for n in range(3, 12)]
    event = st.fixed_dictionaries({
        "locality_id": st.integers(1, 12), "force_id": st.sampled_from(list(sides)),
        "previous_force_id": st.none() | st.sampled_from(list(sides)), "status": st.sampled_from(STATUSES),
        "date": st.sampled_from([f"2016-11-{n:02d}" for n in range(1, 14)]),
        "axis": st.none() | st.sampled_from(axes + ["west"]),
    })

    @settings(max_examples=300, deadline=None)
    @given(events=st.lists(event, max_size=60), km=st.lists(st.sampled_from([0.0, 0.0, 0.0, 0.0, 1.5, 3.0, 3.0, 7.25]),
                                                            min_size=12, max_size=12),
           batch=st.integers(1, 5))
    def check(events, km, batch):
        for n, e in enumerate(events):
            e.update(id=n + 1, side=sides[e["force_id"]])
        events.sort(key=lambda e: (e["date"], e["id"]))
        distances = {locality_id: km[locality_id - 1] for locality_id in range(1, 13)}
        fast = history.front_series([(d, pid) for pid, d in distances.items()],
                                    lambda ids: [e for e in events if e["locality_id"] in ids], axes, days, sides,
                                    batch=batch)
        expected = []
        for day in days:
            closest = history.closest_held(history.states_on(events, day, sides), distances, axes, sides)
            expected += [(day, axis, *closest.get(axis, (None, None, None))) for axis in axes]
        assert [(r["date"], r["axis"], r["km_to_outskirts"], r["locality_id"], r["event_id"]) for r in fast] == expected

    check()


def test_the_front_ends_on_the_last_event_that_counts(tdb):
    seeds_end = reports.front(tdb)[-1]["date"]
    late = add_event(tdb, locality="Gogjali", force="CTS", date=parse_event_date("2017-12-01"), status="captured")
    assert reports.front(tdb)[-1]["date"] == "2017-12-01"
    add_event(tdb, locality="Gogjali", force="CTS", date=parse_event_date(seeds_end), status="captured",
                  supersedes=late["id"], note="correction: the date was a typo")
    assert reports.front(tdb)[-1]["date"] == seeds_end  # the superseded date no longer stretches the series


def test_the_counting_view_and_the_counting_query_agree(tdb):
    """Two spellings of one rule (the SQL view for Datasette users, the query that also takes --known-at)."""
    bartella, gogjali, bashiqa = (list_events(tdb, locality=name)[0] for name in ("Bartella", "Gogjali", "Bashiqa"))
    add_event(tdb, locality="Bartella", force="CTS", date=parse_event_date("2016-10-23"), supersedes=bartella["id"])
    retract(tdb, gogjali["id"], "misread")
    withdrawn = add_event(tdb, locality="Bashiqa", force="Peshmerga", date=parse_event_date("2016-11-09"),
                              supersedes=bashiqa["id"])
    retract(tdb, withdrawn["id"], "the correction was wrong")  # so the original counts again
    python_rule = {e["id"] for e in tdb.counting_events(1)}
    view = {r[0] for r in tdb.conn.execute("SELECT id FROM counting_events")}
    details = {r[0] for r in tdb.conn.execute("SELECT id FROM event_details WHERE counts")}
    assert python_rule == view == details
    assert bartella["id"] not in view and gogjali["id"] not in view and bashiqa["id"] in view
    assert withdrawn["id"] not in view
