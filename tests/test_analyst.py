"""The analyst's tools on the bundled campaign: conflicting reports, pace per axis, decisions kept."""

import json
import sqlite3

from conftest import dump
from tracker.derive.conflicts import find_conflicts
from tracker.derive.pace import pace


def pairs(found):
    return {(c["locality"], c["first"]["date"], c["second"]["date"]) for c in found}


def test_the_timelines_deliberate_conflicts_are_found(tdb):
    found = find_conflicts(tdb)
    print(f"\n{len(found)} conflicts in the bundled campaign")
    assert len(found) >= 20
    got = pairs(found)
    for expected in [("Karama", "2016-10-31", "2016-10-31"), ("East Mosul", "2017-01-18", "2017-01-24"),
                     ("Badush", "2017-03-01", "2017-03-08"), ("Mosul University", "2017-01-14", "2017-01-15"),
                     ("Hammam al-Alil", "2016-11-05", "2016-11-07"), ("Wadi Hajar", "2017-02-28", "2017-03-03"),
                     ("Bab al-Jadid", "2017-03-14", "2017-07-01"), ("Tall Afar Air Base", "2016-11-16", "2016-11-18")]:
        assert expected in got, expected
    karama = next(c for c in found if c["locality"] == "Karama" and c["kind"] == "a claim and a denial")
    assert {karama["first"]["side"], karama["second"]["side"]} == {"attacker", "defender"}
    for conflict in found:  # each pair: one place, two different events, two different sets of sources
        assert conflict["first"]["event_id"] != conflict["second"]["event_id"]
        assert conflict["first"]["sources"] != conflict["second"]["sources"]


def test_conflicts_command_lists_both_sources_and_decisions_keep_everything(cli, db_path):
    listed = json.loads(cli("conflicts", "--json").output)
    east = next(c for c in listed if c["locality"] == "East Mosul")
    first, second = east["first"]["event_id"], east["second"]["event_id"]
    text = cli("conflicts").output
    assert "East Mosul: the same capture on different days" in text and "wikizero" in text
    before = sqlite3.connect(db_path).execute("SELECT count(*) FROM events").fetchone()[0]
    result = cli("conflicts", "decide", str(first), str(second), "--keep", str(second),
                 "--reason", "the JOC announced the whole east bank on 24 January")
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == before  # nothing deleted
    assert conn.execute("SELECT reason FROM retractions WHERE event_id = ?", [first]).fetchone()[0].startswith(
        f"conflict decided for #{second}")
    after = next(c for c in json.loads(cli("conflicts", "--json").output) if c["locality"] == "East Mosul")
    assert after["decision"]["decision"] == "kept" and after["first"]["counts"] is False
    snapshot = dump(db_path)
    refused = cli("conflicts", "decide", str(first), "99999", "--disputed", "--reason", "x")
    assert refused.exit_code != 0 and "not an undecided conflict" in refused.output and dump(db_path) == snapshot


def test_pace_reproduces_the_seed_articles_judgement(tdb):
    """The first week's rapid advance on the east axis, then the crawl through the city's east in November and
    December, with the pause before the second phase (29 December) a stall."""
    result = pace(tdb, axis="east", window=19, start="2016-10-17", end="2016-11-04")
    first_weeks = sum(w["km"] for w in result["windows"]) / 19
    later = pace(tdb, axis="east", window=57, start="2016-11-05", end="2016-12-31")
    slow = sum(w["km"] for w in later["windows"]) / 57
    print(f"\neast axis: {first_weeks:.2f} km/day from 17 Oct to 4 Nov 2016, {slow:.2f} km/day from 5 Nov to 31 Dec")
    assert first_weeks > 1.0 and slow < 0.1 and first_weeks > 10 * slow
    stalls = pace(tdb, stall_days=14)["stalls"]
    december = [s for s in stalls if s["axis"] == "east" and s["from"] <= "2016-12-20" <= s["to"]]
    assert december and december[0]["to"] <= "2017-01-01"  # it ends when the second phase moves the front


def test_pace_command_prints_windows_and_stalls(cli):
    result = cli("pace", "--axis", "east", "--window", "7", "--to", "2017-01-31")
    assert result.exit_code == 0, result.output
    assert "km/day" in result.output and "Stalls (14 days or more" in result.output
    assert cli("pace", "--axis", "up").exit_code != 0


def test_review_shows_that_a_candidate_would_move_the_north_front(cli, db_path, tmp_path):
    article = tmp_path / "teskhrab.txt"
    article.write_text("25 October 2016 - Islamic State fighters recaptured Teskhrab on Monday, officials said.\n",
                       encoding="utf-8")
    assert cli("extract", str(article), "--workers", "1").exit_code == 0
    (candidate_id,) = [r[0] for r in sqlite3.connect(db_path).execute("SELECT id FROM candidates")]
    before = dump(db_path)
    shown = cli("review", "show", str(candidate_id))
    assert shown.exit_code == 0, shown.output
    assert "held by Peshmerga -> held by Islamic State" in shown.output
    assert "front, north axis: 13.3 km (Teskhrab) -> 14.8 km (Khorsabad)" in shown.output
    assert "conflict: #" in shown.output
    assert dump(db_path) == before  # showing writes nothing
    data = json.loads(cli("review", "show", str(candidate_id), "--json").output)
    assert data["front_changes"][0]["axis"] == "north"


def test_bulk_review_with_filters_keeps_who_and_why(cli, db_path, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("12 November 2016 - Iraqi troops recaptured Tall Zalat on Friday.\n", encoding="utf-8")
    (folder / "b.txt").write_text("12 November 2016 - Peshmerga forces seized Nawaran on Friday.\n", encoding="utf-8")
    assert cli("extract", str(folder), "--workers", "1").exit_code == 0
    result = cli("review", "reject", "--all", "--place", "nawar", "--reason", "the Peshmerga held it already")
    assert result.exit_code == 0 and result.output.count("rejected") == 1
    accepted = cli("review", "accept", "--all", "--extractor", "news", "--reason", "checked against the timeline")
    assert accepted.exit_code == 0 and accepted.output.count("accepted") == 1
    conn = sqlite3.connect(db_path)
    decisions = conn.execute("SELECT decision, reason, reviewed_by FROM reviews ORDER BY id").fetchall()
    assert [(d, r) for d, r, _ in decisions] == [("rejected", "the Peshmerga held it already"),
                                                 ("accepted", "checked against the timeline")]
    assert all(who for _, _, who in decisions)
    assert cli("review", "accept").exit_code != 0  # neither ids nor --all
