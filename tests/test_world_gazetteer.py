"""A new war in a few offline commands: an objective and its surroundings from the bundled world gazetteer
(GeoNames cities500, IOM DTM Iraq), each place with the provenance of its coordinate."""

import sqlite3

from conftest import dump
from tracker.model.geo import km_between
from tracker.store.world import world


def localities(db_path, where="1", args=()):
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute(f"SELECT * FROM localities WHERE {where}", args)]
    conn.close()
    return rows


def test_a_campaign_objective_the_gazetteer_lacks_comes_from_the_world_gazetteer(cli, db_path):
    result = cli("campaign", "add", "raqqa", "--objective", "Raqqa", "--start", "2016-11-06")
    assert result.exit_code == 0, result.output
    (place,) = localities(db_path, "alt_names LIKE ?", ["%Raqqa%"])
    assert "GeoNames" in place["coordinate_source"] and "CC BY 4.0" in place["coordinate_source"]
    raqqa = world().lookup("Raqqa")[0]
    assert (place["latitude"], place["longitude"]) == (raqqa.latitude, raqqa.longitude)
    assert 35.9 < place["latitude"] < 36.0 and 38.9 < place["longitude"] < 39.1  # Raqqa, on the Euphrates
    assert "objective at 35.95" in result.output


def test_an_objective_several_countries_share_is_listed_not_guessed(cli, db_path):
    before = dump(db_path)
    result = cli("campaign", "add", "spring", "--objective", "Springfield")
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "Ambiguous objective" in result.output and "--country" in result.output and "geonames:" in result.output
    assert dump(db_path) == before
    chosen = world().lookup("Springfield")[2].id
    assert cli("campaign", "add", "spring", "--objective", chosen).exit_code == 0


def test_an_objective_nobody_knows_is_refused_in_one_line(cli, db_path):
    before = dump(db_path)
    result = cli("campaign", "add", "nowhere", "--objective", "Qwxyzzzq")
    assert result.exit_code != 0 and len(result.output.strip().splitlines()) == 1
    assert "tracker locality add" in result.output and dump(db_path) == before


def test_pulling_the_surroundings_of_an_objective(cli, db_path):
    assert cli("campaign", "add", "kharkiv", "--objective", "Kharkiv", "--country", "UA").exit_code == 0
    before = {r["name"] for r in localities(db_path)}
    result = cli("locality", "pull", "--campaign", "kharkiv", "--radius", "60")
    assert result.exit_code == 0, result.output
    pulled = [r for r in localities(db_path) if r["name"] not in before]
    assert len(pulled) >= 10 and f"Added {len(pulled)} localities" in result.output
    objective = world().lookup("Kharkiv")[0]
    for place in pulled:
        assert "GeoNames" in place["coordinate_source"] and "pulled from the world gazetteer" in place["note"]
        assert km_between(objective.latitude, objective.longitude, place["latitude"], place["longitude"]) <= 60.0
    again = cli("locality", "pull", "--campaign", "kharkiv", "--radius", "60")
    assert again.exit_code == 0 and "Added 0 localities" in again.output
    assert len(localities(db_path)) == len(before) + len(pulled)


def shared_spellings(db_path):
    conn = sqlite3.connect(db_path)
    rows = conn.execute("""SELECT folded FROM locality_names GROUP BY folded
                           HAVING COUNT(DISTINCT locality_id) > 1""").fetchall()
    conn.close()
    return rows


def test_pulling_around_mosul_never_merges_a_known_name(cli, db_path):
    shared_before = shared_spellings(db_path)
    count = len(localities(db_path))
    result = cli("locality", "pull", "--radius", "12")
    assert result.exit_code == 0 and "already in the gazetteer" in result.output, result.output
    assert len(localities(db_path)) > count  # the IOM DTM's neighbourhoods and villages the gazetteer lacked
    assert shared_spellings(db_path) == shared_before  # no spelling came to mean two places


def test_a_radius_out_of_range_is_refused(cli):
    result = cli("locality", "pull", "--radius", "5000")
    assert result.exit_code != 0 and "300" in result.output


def test_extraction_assigns_candidates_to_the_campaign_holding_them_or_the_one_given(cli, db_path, tmp_path):
    assert cli("campaign", "add", "raqqa", "--objective", "Raqqa").exit_code == 0
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("20 June 2017 - Iraqi troops recaptured Bartella on Monday.\n", encoding="utf-8")
    second.write_text("21 June 2017 - Iraqi troops recaptured Bashiqa on Tuesday.\n", encoding="utf-8")
    assert cli("extract", str(first), "--workers", "1").exit_code == 0
    assert cli("extract", str(second), "--workers", "1", "--campaign", "raqqa").exit_code == 0
    conn = sqlite3.connect(db_path)
    by_place = dict(conn.execute("SELECT locality_text, campaign FROM candidates"))
    conn.close()
    assert by_place == {"Bartella": "mosul", "Bashiqa": "raqqa"}


def test_extraction_refuses_an_unknown_campaign(cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Iraqi troops recaptured Bartella on Monday.\n", encoding="utf-8")
    result = cli("extract", str(article), "--campaign", "atlantis")
    assert result.exit_code != 0 and "Unknown campaign 'atlantis'" in result.output
