"""The tracker command line on a real database file."""

import csv
import io
import json
import sqlite3
import subprocess
import sys

import pytest
from tracker.record.events import retract

from conftest import dump


def test_add_records_and_reports_what_it_resolved(cli, db_path):
    result = cli("add", "Ba'shiqa", "--by", "Golden Division", "--date", "2016-11-09", "--status", "contested",
                 "--source", "https://example.org/report", "--publisher", "Example", "--quote", "fighting in the town")
    assert result.exit_code == 0, result.output
    assert "Bashiqa contested by Counter Terrorism Service (attacker) on 2016-11-09" in result.output
    assert "13.5 km from Mosul's outskirts" in result.output
    assert "axis: east" in result.output  # Bashiqa's bearing is 55°
    row = sqlite3.connect(db_path).execute(
        "SELECT l.name, e.status, s.url, es.quote FROM events e JOIN localities l ON l.id = e.locality_id "
        "JOIN event_sources es ON es.event_id = e.id JOIN sources s ON s.id = es.source_id "
        "ORDER BY e.id DESC LIMIT 1").fetchone()
    assert row == ("Bashiqa", "contested", "https://example.org/report", "fighting in the town")


def test_add_explicit_axis_overrides_the_bearing(cli):
    result = cli("add", "Bashiqa", "--by", "peshmerga", "--date", "2016-11-09", "--status", "contested",
                 "--axis", "north", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["axis"] == "north"


@pytest.mark.parametrize("args,message,code", [
    (["Bartellu", "--by", "CTS", "--date", "2016-10-20"], "Unknown locality 'Bartellu'; did you mean Bartella", 2),
    (["Bartella", "--by", "Wagner", "--date", "2016-10-20"], "Unknown force 'Wagner': known forces are Counter Terrorism Service", 2),
    (["Bartella", "--by", "CTS", "--date", "2016-13-45"], "Impossible date '2016-13-45': no such day; accepted formats are YYYY-MM-DD", 2),
    (["Bartella", "--by", "CTS", "--date", "2016-02-30"], "Impossible date '2016-02-30'", 2),
    (["Bartella", "--by", "CTS", "--date", "2016-10-20/2016-10-01"], "the end is before the start", 2),
    (["Bartella", "--by", "CTS", "--date", "yesterday"], "accepted formats are", 2),
    (["Bartella", "--by", "CTS", "--date", "2016-09-01"], "before the mosul campaign's start on 2016-10-17", 2),
    (["Bartella", "--by", "CTS", "--date", "2099-01-01"], "in the future", 2),
    (["Bartella", "--by", "CTS", "--date", "2016-10-20", "--status", "liberated"], "Invalid status 'liberated'", 2),
    (["Bartella", "--by", "CTS", "--date", "2016-10-20", "--axis", "up"], "Invalid axis 'up'", 2),
    (["Bartella", "--by", "CTS", "--date", "2016-10-17/2016-10-20"], "Already recorded as event #", 1),
    (["Bashiqah", "--by", "peshmerga", "--date", "2016-11-07"], "Already recorded as event #", 1),
])
def test_bad_input_is_one_line_nonzero_and_writes_nothing(cli, db_path, args, message, code):
    before = dump(db_path)
    result = cli("add", *args)
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert dump(db_path) == before


def bartella_events(db_path):
    conn = sqlite3.connect(db_path)
    rows = conn.execute("""SELECT id, date_earliest, date FROM events
                           WHERE locality_id = (SELECT id FROM localities WHERE name = 'Bartella') ORDER BY id""").fetchall()
    conn.close()
    return rows


def test_duplicate_with_a_new_source_cites_it_instead_of_a_second_event(cli, db_path):
    before = bartella_events(db_path)
    (event_id,) = [i for i, earliest, latest in before if (earliest, latest) == ("2016-10-17", "2016-10-20")]
    conn = sqlite3.connect(db_path)
    cited = conn.execute("SELECT count(*) FROM event_sources WHERE event_id = ?", [event_id]).fetchone()[0]
    result = cli("add", "Bartella", "--by", "CTS", "--date", "2016-10-17/2016-10-20", "--source", "https://example.org/b")
    assert result.exit_code == 0, result.output
    assert f"Already recorded as event #{event_id}: added the source" in result.output
    assert bartella_events(db_path) == before
    assert conn.execute("SELECT count(*) FROM event_sources WHERE event_id = ?", [event_id]).fetchone()[0] == cited + 1


def test_allow_any_date_records_an_earlier_event(cli):
    result = cli("add", "Bartella", "--by", "IS", "--date", "2014-08", "--allow-any-date")
    assert result.exit_code == 0, result.output
    assert "2014-08-01/2014-08-31 (month)" in result.output


def test_missing_database_says_how_to_create_it(runner, tmp_path):
    from tracker.cli import app

    result = runner.invoke(app, ["add", "Bartella", "--by", "CTS", "--date", "2016-10-20", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "tracker init --db" in result.output
    assert not (tmp_path / "none.db").exists()


def test_init_twice_changes_nothing(runner, tmp_path):
    from tracker.cli import app

    path = tmp_path / "fresh.db"
    first = runner.invoke(app, ["init", "--db", str(path)])
    assert first.exit_code == 0, first.output
    stored = sqlite3.connect(path).execute("SELECT count(*) FROM events").fetchone()[0]
    assert f" {stored} events" in first.output and stored > 150  # both timelines, inside the city and out
    before = dump(path)
    second = runner.invoke(app, ["init", "--db", str(path)])
    assert "added nothing new" in second.output
    assert dump(path) == before


def test_tracker_db_environment_variable(runner, db_path, monkeypatch):
    from tracker.cli import app

    monkeypatch.setenv("TRACKER_DB", str(db_path))
    result = runner.invoke(app, ["events", "--locality", "Bartalla", "--json"])
    assert result.exit_code == 0, result.output
    listed = [e["locality"] for e in json.loads(result.output)]
    assert listed and set(listed) == {"Bartella"}


def test_events_filters_and_formats(cli):
    result = cli("events", "--axis", "west", "--since", "2016-11-01", "--until", "2016-12-31", "--csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {r["locality"] for r in rows} == {"Tall Zalat", "Musayd", "Sahaji", "Tall Afar Air Base", "Baynounah"}
    assert all("2016-11-01" <= r["date"] <= "2016-12-31" for r in rows)
    assert cli("events", "--json", "--csv").exit_code == 2


def test_retract_keeps_the_event_visible(cli, db_path):
    event_id = bartella_events(db_path)[0][0]
    result = cli("retract", str(event_id), "--reason", "misread report")
    assert result.exit_code == 0, result.output
    listed = json.loads(cli("events", "--locality", "Bartella", "--json").output)
    retracted = next(e for e in listed if e["id"] == event_id)
    assert retracted["counts"] == 0 and retracted["retracted_because"] == "misread report"
    again = cli("retract", str(event_id), "--reason", "twice")
    assert again.exit_code == 1 and "already retracted" in again.output
    assert cli("retract", "9999", "--reason", "x").exit_code == 2


def test_status_json_groups_by_axis(cli):
    result = cli("status", "--as-of", "2016-10-24", "--json")
    data = json.loads(result.output)
    axes = {g["axis"]: g for g in data["axes"]}
    assert axes["east"]["closest_attacker_held"]["locality"] == "Bartella"
    north_held = [r for r in axes["north"]["localities"] if r["side"] == "attacker" and r["condition"] == "held"]
    assert axes["north"]["closest_attacker_held"]["km_to_outskirts"] == min(r["km_to_outskirts"] for r in north_held)
    assert axes["north"]["closest_attacker_held"]["locality"] == "Teskhrab"  # taken 23 Oct, 13.3 km out
    bashiqa = next(r for r in axes["north"]["localities"] if r["locality"] == "Bashiqa")
    assert bashiqa["condition"] == "encircled"


def test_front_csv_and_changes(cli):
    result = cli("front", "--axis", "east", "--from", "2016-10-17", "--to", "2016-11-05", "--csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 20 and {r["axis"] for r in rows} == {"east"}
    changes = cli("front", "--changes", "--to", "2016-11-05", "--json")
    moved = [(r["date"], r["axis"], r["locality"]) for r in json.loads(changes.output) if r["axis"] == "east"]
    assert ("2016-10-20", "east", "Bartella") in moved and ("2016-11-04", "east", "Gogjali") in moved
    assert cli("front", "--axis", "up").exit_code == 2


def test_stats_prints_areas(cli):
    result = cli("stats", "--as-of", "2016-11-10")
    assert result.exit_code == 0, result.output
    assert "attacker" in result.output and "Voronoi" in result.output


def test_localities_search_and_add(cli):
    found = json.loads(cli("localities", "bashiq", "--json").output)
    assert found[0]["name"] == "Bashiqa"
    added = cli("locality", "add", "Khazir crossing (test)", "--lat", "36.33", "--lon", "43.48", "--alt", "Khazir bridge test")
    assert added.exit_code == 0, added.output
    assert "axis east" in added.output
    bad = cli("locality", "add", "Nowhere", "--lat", "200", "--lon", "43")
    assert bad.exit_code == 2 and "Invalid latitude 200" in bad.output


def test_recorded_facts_cannot_be_updated_or_deleted(tdb, db_path):
    retract(tdb, 1, "a retraction to try to change")
    conn = sqlite3.connect(db_path)
    for sql in ("UPDATE events SET date = '2020-01-01'", "DELETE FROM events", "DELETE FROM event_sources",
                "UPDATE retractions SET reason = 'x'"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(sql)


def test_add_does_not_import_heavy_modules(db_path):
    """`tracker add` is typed dozens of times a day: no datasette, geometry or sqlite-utils on its path."""
    code = (
        "import sys; from tracker.cli import app\n"
        "try:\n    app(['add', 'Bartella', '--by', 'CTS', '--date', '2016-10-21', '--db', sys.argv[1]])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in ('datasette', 'shapely', 'pyproj', 'sqlite_utils', 'numpy') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(db_path)], capture_output=True, text=True)
    assert "Recorded event" in result.stdout, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_force_add_and_aliases(cli):
    added = cli("force", "add", "Syrian Democratic Forces", "--side", "attacker", "--alias", "SDF", "--alias", "YPG")
    assert added.exit_code == 0, added.output
    more = cli("force", "add", "Syrian Democratic Forces", "--side", "attacker", "--alias", "Kurdish-led SDF")
    assert "SDF;YPG;Kurdish-led SDF" in more.output
    result = cli("add", "Bartella", "--by", "ypg", "--date", "2016-10-21", "--status", "contested")
    assert "by Syrian Democratic Forces (attacker)" in result.output
    assert cli("force", "add", "X", "--side", "neutral").exit_code == 2
    taken = cli("force", "add", "Other", "--side", "attacker", "--alias", "CTS")
    assert taken.exit_code == 2 and "already means Counter Terrorism Service" in taken.output
    assert cli("force", "add", "Syrian Democratic Forces", "--side", "defender").exit_code == 2
