"""Regressions from the red-team pass: each case reproduced the defect before its fix, on a real database file.

Corrections that could silently undo another place's history, far-future dates that broke every series,
ids past SQLite's range, gazetteer poisoning, invisible characters in names.
"""

import json

import pytest

from conftest import dump


def one_line(result):
    lines = [line for line in result.output.strip().splitlines() if line.strip()]
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    return lines[-1] if lines else ""


def test_supersedes_takes_only_a_counting_event_of_the_same_place(cli, db_path):
    before = dump(db_path)
    other_place = cli("add", "Gogjali", "--by", "peshmerga", "--date", "2016-11-05", "--supersedes", "1")
    assert other_place.exit_code == 2 and "is about Mosul" in other_place.output
    assert dump(db_path) == before
    bartella = json.loads(cli("events", "--locality", "Bartella", "--json").output)[0]["id"]
    first = cli("add", "Bartella", "--by", "CTS", "--date", "2016-10-21", "--supersedes", str(bartella))
    assert first.exit_code == 0, first.output
    twice = cli("add", "Bartella", "--by", "CTS", "--date", "2016-10-22", "--supersedes", str(bartella))
    assert twice.exit_code == 2 and "already corrected by" in twice.output
    gogjali = json.loads(cli("events", "--locality", "Gogjali", "--json").output)[0]["id"]
    assert cli("retract", str(gogjali), "--reason", "test").exit_code == 0
    again = cli("retract", str(gogjali), "--reason", "test")
    assert again.exit_code == 1 and "already retracted" in again.output
    retracted = cli("add", "Gogjali", "--by", "CTS", "--date", "2016-11-02", "--supersedes", str(gogjali))
    assert retracted.exit_code == 2 and "is retracted" in retracted.output


@pytest.mark.parametrize("args", [
    ["retract", "99999999999999999999", "--reason", "x"],
    ["add", "Bartella", "--by", "CTS", "--date", "2016-10-20", "--supersedes", "99999999999999999999"],
    ["review", "accept", "99999999999999999999"],
    ["localities", "--limit", "99999999999999999999"],
    ["localities", "--limit", "-1"],
    ["front", "--from", "9999-12-31"],
    ["front", "--from", "0001-01-01"],
    ["front", "--from", "2017-01-01", "--to", "2016-12-01"],
    ["front", "--to", "2016-01-01"],
    ["status", "--as-of", "2016-13-45"],
])
def test_out_of_range_arguments_are_refused_in_one_line(cli, db_path, args):
    before = dump(db_path)
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, (OverflowError, ValueError))
    assert dump(db_path) == before


def test_a_far_future_event_does_not_break_the_series_or_the_map(cli, db_path):
    recorded = cli("add", "Gogjali", "--by", "IS", "--date", "9999-12-31", "--allow-any-date")
    assert recorded.exit_code == 0, recorded.output
    front = cli("front", "--json")
    assert front.exit_code == 0, front.output
    rows = json.loads(front.output)
    assert rows[-1]["date"] <= "2017-12-31"  # the default series ends on the last recorded day up to today
    assert cli("front", "--from", "9999-12-01", "--to", "9999-12-31", "--json").exit_code == 0


def test_a_far_future_event_keeps_the_map_data_answering(db_path):
    import asyncio

    from datasette.app import Datasette
    from datasette.plugins import pm

    import tracker.publish
    from tracker.model.dates import parse_event_date
    from tracker.record.events import add_event
    from tracker.store import TrackerDB

    with TrackerDB(db_path) as tdb:
        add_event(tdb, locality="Gogjali", force="IS", date=parse_event_date("9999-12-31"), allow_any_date=True)

    if not pm.is_registered(tracker.publish):  # as its entry point does outside tests
        pm.register(tracker.publish, name="frontline")

    async def fetch():
        ds = Datasette([str(db_path)])
        return [(await ds.client.get(f"/tracker/-/frontline/{name}.json")).status_code for name in ("progress", "map")]

    assert asyncio.run(fetch()) == [200, 200]


def test_a_spelling_of_one_place_cannot_become_another_place(cli, db_path):
    before = dump(db_path)
    poisoned = cli("locality", "add", "DupAlt", "--lat", "36.4", "--lon", "43.2", "--alt", "Bashiqah")
    assert poisoned.exit_code == 2 and "'Bashiqah' already means" in poisoned.output and "Bashiqa" in poisoned.output
    shadow = cli("locality", "add", "Hamdaniyah", "--lat", "36.4", "--lon", "43.2")
    assert shadow.exit_code == 2 and "Qaraqosh" in shadow.output
    assert dump(db_path) == before
    added = cli("add", "Hamdaniyah", "--by", "CTS", "--date", "2016-10-30", "--json")
    assert json.loads(added.stdout)["locality"] == "Qaraqosh"


def test_same_as_adds_a_spelling_and_distinct_keeps_two_places_apart(cli, db_path):
    bashiqa = json.loads(cli("localities", "Bashiqa", "--json").output)[0]
    assert cli("locality", "add", "Baashiqa town", "--same-as", str(bashiqa["id"])).exit_code == 0
    assert json.loads(cli("add", "Baashiqa town", "--by", "peshmerga", "--date", "2016-11-08", "--json").stdout)["locality"] == bashiqa["name"]
    kept = cli("locality", "add", "Hamdaniyah (Anbar)", "--lat", "33.4", "--lon", "43.3", "--alt", "Hamdaniyah",
               "--distinct", "a village of the same name in Anbar")
    assert kept.exit_code == 0, kept.output
    ambiguous = cli("add", "Hamdaniyah", "--by", "CTS", "--date", "2016-10-30")
    assert ambiguous.exit_code == 2 and "Qaraqosh" in ambiguous.output and "Hamdaniyah (Anbar)" in ambiguous.output


@pytest.mark.parametrize("name", ["Zero\u200bwidth", "\ufeffBOM first", "Right\u202eto left", "Del\x7fete", "C1\x85x"])
def test_invisible_and_control_characters_never_reach_the_gazetteer(cli, tdb, name):
    result = cli("locality", "add", name, "--lat", "36.2", "--lon", "43.1")
    stored = tdb.query("SELECT name FROM localities ORDER BY id DESC LIMIT 1")[0]["name"]
    if result.exit_code == 0:
        assert all(ch not in stored for ch in "\u200b\ufeff\u202e\x7f\x85")
        assert tdb.resolve_locality(name)["name"] == stored  # the same text with its invisible characters resolves
    else:
        assert result.exit_code == 2 and "control characters" in result.output


def test_likely_slips_are_warned_about_and_still_recorded(cli, db_path):
    no_source = cli("add", "Gogjali", "--by", "CTS", "--date", "2016-11-02")
    assert no_source.exit_code == 0 and "Warning: no source" in no_source.stderr
    held = cli("add", "Bartella", "--by", "CTS", "--date", "2016-11-15", "--source", "https://example.org/a")
    assert "already held by" in held.stderr
    near = cli("add", "Bartela", "--by", "CTS", "--date", "2016-10-21", "--source", "https://example.org/b")
    assert near.exit_code == 0 and "already records Bartella captured by" in near.stderr
    assert "2016-10-17/2016-10-20" in near.stderr  # the range, not only its last day
    late = cli("add", "Gogjali", "--by", "IS", "--date", "2017-12-01", "--status", "lost", "--source", "https://example.org/c")
    assert "after the mosul campaign's last recorded day" in late.stderr
    quiet = cli("add", "Gogjali", "--by", "CTS", "--date", "2017-12-02", "--quiet")
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_lists_show_date_ranges(cli):
    listed = cli("events", "--locality", "Bartella").output
    assert "2016-10-17/2016-10-20" in listed
