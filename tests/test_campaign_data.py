"""The bundled Mosul campaign against the published course of the battle: the front follows the dated changes
of both reference timelines, the area retaken matches the government's figure, the city falls bank by bank,
every event is sourced and says what it inferred, and conflicting reports stay side by side."""

import csv
import datetime as dt

import pytest

from conftest import ROOT
from tracker.derive import reports
from tracker.model import geo

SEEDS = ROOT / "seeds"
SEED_ARTICLES = {"ap-2016-10-24-first-week", "huffpost-2016-11-08-bashiqa"}


@pytest.fixture(scope="module")
def campaign_db(seeded_db_file):
    from tracker.store import TrackerDB

    return TrackerDB(seeded_db_file, readonly=True)


@pytest.fixture(scope="module")
def front(campaign_db):
    return reports.front(campaign_db)


def test_every_front_moving_change_of_the_timelines_shows_in_the_front_within_a_day(campaign_db, front):
    """A capture from the timelines moves the front when its place is closer than the front the day before (to the
    outskirts, or inside the city to the Old City); the front must show it on that day, give or take one."""
    by_day = {(r["date"], r["axis"]): r for r in front}
    final = front[0]["final_objective"]
    target = campaign_db.resolve_locality(final)
    events = campaign_db.query(
        """SELECT e.date, e.axis, l.name, l.latitude, l.longitude, l.bank, m.km_to_outskirts AS km
           FROM counting_events e JOIN localities l ON l.id = e.locality_id
           JOIN locality_measures m ON m.locality_id = e.locality_id AND m.campaign_id = e.campaign_id
           JOIN forces f ON f.id = e.force_id
           WHERE (e.external_id LIKE 'mosul-tl-%' OR e.external_id LIKE 'mosul-city-%') AND f.side = 'attacker'
             AND e.status = 'captured' AND e.date_precision = 'day' AND l.kind IS NOT 'district'""")
    moving, shown, missed = 0, 0, []
    for event in events:
        day = dt.date.fromisoformat(event["date"])
        before = by_day.get(((day - dt.timedelta(days=1)).isoformat(), event["axis"]))
        if before is None:
            continue
        inside = event["km"] == 0 or event["bank"] is not None
        if inside:
            km = float(geo.geodesic_m(event["longitude"], event["latitude"], target["longitude"], target["latitude"])) / 1000
            measure = "km_to_final_objective"
        else:
            km, measure = event["km"], "km_to_outskirts"
        if before[measure] is not None and before[measure] <= km:
            continue  # the front was already as close: this change does not move it
        moving += 1
        window = [by_day.get(((day + dt.timedelta(days=d)).isoformat(), event["axis"])) for d in (-1, 0, 1)]
        if any(r and r[measure] is not None and r[measure] <= km + 0.001 for r in window[1:]):
            shown += 1
        else:
            missed.append((event["date"], event["name"]))
    print(f"\nfront-moving changes of the reference timelines shown within a day: {shown} of {moving}")
    assert moving >= 40 and missed == []


def retaken(campaign_db, day):
    result = reports.stats(campaign_db, as_of=day)["retaken"]["reported_and_assessed"]
    return result["area_km2"], result["settlements"]


def test_area_and_villages_retaken_by_3_december_2016_match_the_governments_figure(campaign_db):
    """The Iraqi government reported 5,677 km² and 369 villages retaken by 3 December 2016."""
    area, villages = retaken(campaign_db, "2016-12-03")
    figures = {day: retaken(campaign_db, day) for day in ("2016-11-01", "2017-01-24")}
    print(f"\nretaken (reported + assessed): 2016-11-01 {figures['2016-11-01']}, 2016-12-03 ({area}, {villages}), "
          f"2017-01-24 {figures['2017-01-24']}")
    assert 5677 * 0.75 <= area <= 5677 * 1.25
    assert 369 * 0.75 <= villages <= 369 * 1.25
    assert figures["2016-11-01"][0] < area < figures["2017-01-24"][0]


def test_the_east_bank_falls_by_24_january_and_the_whole_city_by_10_july_2017(campaign_db):
    def attacker_share(day, bank):
        half = reports.stats(campaign_db, as_of=day)["city_by_bank"][bank]
        return half["attacker"] / half["places"]

    assert attacker_share("2016-12-03", "east") < 0.5
    assert attacker_share("2017-01-24", "east") == 1.0
    assert attacker_share("2017-01-24", "west") == 0.0
    assert attacker_share("2017-07-10", "east") == attacker_share("2017-07-10", "west") == 1.0


def test_the_east_axis_reaches_the_old_city_only_after_the_east_bank(front):
    east = [r for r in front if r["axis"] == "east" and r["date"] < "2017-01-24"]
    assert all(r["km_to_final_objective"] is None or r["km_to_final_objective"] > 0 for r in east)
    assert min(r["km_to_final_objective"] for r in front if r["km_to_final_objective"] is not None) == 0
    inside = [r for r in front if r["axis"] == "east" and r["km_to_final_objective"] is not None]
    assert inside[0]["date"] >= "2016-11-01"  # the city was first entered at Gogjali


def test_every_bundled_event_is_sourced_and_says_what_it_inferred(campaign_db):
    rows = campaign_db.query(
        """SELECT e.id, e.external_id, e.date_precision, e.summary, e.inferred,
                  (SELECT count(*) FROM event_sources es JOIN sources s ON s.id = es.source_id
                   WHERE es.event_id = e.id AND (s.url IS NOT NULL OR s.key IN ('ap-2016-10-24-first-week',
                                                                                 'huffpost-2016-11-08-bashiqa'))) AS cited
           FROM events e WHERE e.recorded_by = 'seed:events.csv'""")
    assert len(rows) > 150
    assert [r["external_id"] for r in rows if not r["cited"]] == []
    assert [r["external_id"] for r in rows if not r["summary"]] == []
    assert [r["external_id"] for r in rows if r["date_precision"] != "day" and not r["inferred"]] == []


def test_the_seed_summaries_are_the_projects_own_words(shared_dir):
    """No summary repeats a supporting sentence of the timelines (12 words in a row)."""
    quotes = [q["quote"] for name in ("mosul_timeline_city.csv",)
              for q in csv.DictReader(open(shared_dir / "data" / name, encoding="utf-8"))]
    runs = {" ".join(words[i:i + 12]) for q in quotes for words in [q.lower().split()] for i in range(len(words) - 11)}
    for row in csv.DictReader(open(SEEDS / "events.csv", encoding="utf-8")):
        words = f"{row['summary']} {row['inferred']} {row['note']}".lower().split()
        assert not any(" ".join(words[i:i + 12]) in runs for i in range(len(words) - 11)), row["external_id"]


@pytest.mark.parametrize("place,dates", [
    ("Karama", {"2016-10-31", "2016-11-04"}),  # entered, the entry denied the same day, then claimed on 4 Nov
    ("East Mosul", {"2017-01-18", "2017-01-24"}),  # complete by the CTS's account, and by the JOC's
    ("Badush", {"2017-03-01", "2017-03-08"}),  # the prison taken on 1 March, or on 8 March
    ("Mosul University", {"2017-01-13", "2017-01-14", "2017-01-15"}),
])
def test_conflicting_reports_are_kept_each_with_its_own_source(campaign_db, place, dates):
    events = reports.list_events(campaign_db, locality=place)
    assert dates <= {e["date"] for e in events}
    assert all(e["counts"] for e in events if e["date"] in dates)
    sources = {e["sources"] for e in events if e["date"] in dates}
    assert len(sources) >= 2  # told by different sources


def test_the_karama_denial_is_its_own_event_by_the_defender(campaign_db):
    events = [e for e in reports.list_events(campaign_db, locality="Karama") if e["date"] == "2016-10-31"]
    assert {(e["status"], e["side"]) for e in events} == {("entered", "attacker"), ("contested", "defender")}


def test_the_start_state_gives_each_side_its_lines(campaign_db):
    status = reports.status(campaign_db, as_of="2016-10-17")
    rows = {r["locality"]: r for group in status["axes"] for r in group["localities"]}
    assert rows["Khazir"]["side"] == "attacker" and rows["Khazir"]["holder"] == "Peshmerga"
    assert rows["Mosul"]["side"] == "defender"
    assert rows["Qayyarah"]["side"] == "attacker"  # retaken in August 2016
    stats = reports.stats(campaign_db, as_of="2016-10-17")
    assert stats["by_side"]["attacker"]["localities"] > 100 and stats["by_side"]["defender"]["localities"] > 200


def test_each_bundled_event_is_on_the_place_its_seed_row_names(seeded_db_file):
    """A city place sharing a name with a village elsewhere ("Yarimja" near Kirkuk) gets a qualifier, so no event
    lands on a namesake 150 km away."""
    import sqlite3

    conn = sqlite3.connect(seeded_db_file)
    stored = dict(conn.execute("SELECT e.external_id, l.name FROM events e JOIN localities l ON l.id = e.locality_id"))
    rows = list(csv.DictReader(open(SEEDS / "events.csv", encoding="utf-8")))
    assert [(r["external_id"], r["locality"], stored[r["external_id"]]) for r in rows
            if r["external_id"] in stored and stored[r["external_id"]] != r["locality"]] == []
    far = conn.execute("""SELECT l.name, m.km_to_centre FROM events e JOIN localities l ON l.id = e.locality_id
                          JOIN locality_measures m ON m.locality_id = l.id AND m.campaign_id = e.campaign_id
                          WHERE l.bank IS NOT NULL AND m.km_to_centre > 15""").fetchall()
    assert far == []  # every city place is within 15 km of the centre
