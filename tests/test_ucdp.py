"""UCDP GED: fighting reports, stored apart from control events, on the real Nineveh extract and the project's
own fixture (GED's exact header and HXL row, rows written for the project)."""

import csv
import sqlite3

import pytest

from conftest import ROOT, dump
from tracker.interop.ucdp import LINK_KM

SAMPLE = ROOT / "tests" / "data" / "ucdp_sample.csv"


def reports(db_path):
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("SELECT f.*, l.name AS locality FROM fighting_reports f "
                                          "LEFT JOIN localities l ON l.id = f.locality_id ORDER BY f.id")]
    conn.close()
    return rows


def test_the_real_nineveh_extract_is_stored_whole_and_placed_within_each_rows_precision(cli, db_path, shared_dir):
    path = shared_dir / "data" / "external" / "ucdp_ged_iraq_ninawa_2016-10_2017-07.csv"
    events_before = sqlite3.connect(db_path).execute("SELECT count(*) FROM events").fetchone()[0]
    result = cli("import", "ucdp", str(path))
    assert result.exit_code == 0, result.output
    stored = reports(db_path)
    source_rows = [r for r in csv.DictReader(open(path, encoding="utf-8")) if not r["year"].startswith("#")]
    assert len(stored) == len(source_rows) == 573
    for report in stored:
        limit = LINK_KM.get(report["where_prec"])
        if report["locality_id"] is None:
            assert limit is None or report["km_to_locality"] is None
        else:
            assert limit is not None and report["km_to_locality"] <= limit
    mosul = [r for r in stored if r["where_name"] == "Mosul town"]
    assert mosul and {r["locality"] for r in mosul} == {"Mosul"}  # the town GED names, not its nearest quarter
    assert "573 rows; stored 573 fighting reports" in result.output and "CC BY 4.0" in result.output
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM events").fetchone()[0] == events_before
    before = dump(db_path)
    again = cli("import", "ucdp", str(path))
    assert again.exit_code == 0 and "stored 0 fighting reports, 573 already stored" in again.output
    assert dump(db_path) == before


def test_the_fixture_links_by_precision_and_names(cli, db_path):
    result = cli("import", "ucdp", str(SAMPLE))
    assert result.exit_code == 0, result.output
    by_id = {r["external_id"]: r for r in reports(db_path)}
    assert by_id["ged:9000001"]["locality"] == "Mosul"
    assert by_id["ged:9000002"]["locality"] == "Bashiqa" and by_id["ged:9000002"]["km_to_locality"] < 25
    assert by_id["ged:9000003"]["locality_id"] is None  # a province: unplaced
    assert by_id["ged:9000004"]["locality_id"] is None  # no locality within 5 km
    assert "2 placed at a locality" in result.output and "1 given only to an area" in result.output
    conn = sqlite3.connect(db_path)
    per_day = conn.execute("SELECT locality, day, reports FROM fighting_per_locality_day ORDER BY day").fetchall()
    assert per_day == [("Bashiqa", "2016-11-03", 1), ("Mosul", "2016-11-05", 1)]


def test_candidates_only_when_asked_and_never_as_events(cli, db_path):
    assert cli("import", "ucdp", str(SAMPLE)).exit_code == 0
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM candidates").fetchone()[0] == 0
    result = cli("import", "ucdp", str(SAMPLE), "--as-candidates")
    assert result.exit_code == 0 and "2 new candidates" in result.output
    rows = conn.execute("SELECT locality_text, status, force_text, extractor, date_earliest, date FROM candidates "
                        "ORDER BY id").fetchall()
    assert rows == [("Mosul", "contested", "Iraqi Security Forces", "ucdp-ged", "2016-11-05", "2016-11-05"),
                    ("Bashiqa", "contested", "Iraqi Security Forces", "ucdp-ged", "2016-11-01", "2016-11-03")]
    assert "2 new candidates" not in cli("import", "ucdp", str(SAMPLE), "--as-candidates").output


def test_export_in_geds_columns_reads_back_the_same(cli, db_path, tmp_path, runner):
    from tracker.cli import app

    assert cli("import", "ucdp", str(SAMPLE)).exit_code == 0
    exported = cli("export", "--format", "ucdp").stdout
    out = tmp_path / "ged.csv"
    out.write_text(exported, encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    assert runner.invoke(app, ["init", "--db", str(fresh)]).exit_code == 0
    assert runner.invoke(app, ["import", "ucdp", str(out), "--db", str(fresh)]).exit_code == 0
    columns = ("external_id", "locality", "date_start", "date_end", "where_prec", "deaths_best", "headline", "side_a")
    assert sorted(tuple(r[c] for c in columns) for r in reports(fresh)) == \
        sorted(tuple(r[c] for c in columns) for r in reports(db_path))


@pytest.mark.parametrize("change,message", [
    ({"date_start": "2016-13-01"}, "date_start '2016-13-01' is not a date"),
    ({"latitude": "91"}, "latitude 91 is out of range"),
    ({"where_prec": "x"}, "where_prec 'x' is not a whole number"),
    ({"date_end": "2016-10-01"}, "date_end 2016-10-01 is before date_start"),
])
def test_a_bad_row_stops_the_import_with_its_line_and_writes_nothing(cli, db_path, tmp_path, change, message):
    rows = list(csv.DictReader(open(SAMPLE, encoding="utf-8")))
    rows[2].update(change)  # the second data row, line 4 of the file
    bad = tmp_path / "bad.csv"
    with open(bad, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    before = dump(db_path)
    result = cli("import", "ucdp", str(bad))
    assert result.exit_code != 0 and f"bad.csv:4: {message}" in result.output
    assert len(result.output.strip().splitlines()) == 1 and dump(db_path) == before


def test_a_file_that_is_not_ged_is_refused(cli, tmp_path):
    result = cli("import", "ucdp", str(ROOT / "tests" / "data" / "acled_sample.csv"))
    assert result.exit_code != 0 and "not a UCDP GED CSV: missing columns" in result.output
