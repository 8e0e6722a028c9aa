"""ACLED import/export, GeoJSON export, more campaigns: on real files and a real database."""

import csv
import io
import json
import sqlite3

import pytest

from conftest import ROOT, dump
from tracker.interop.acled_export import COLUMNS
from tracker.interop.acled_format import territory_status
from tracker.interop.acled_samples import generate_acled, sample_locations

SAMPLE = ROOT / "tests" / "data" / "acled_sample.csv"


def write_rows(path, rows, header=COLUMNS):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def sample_rows():
    with open(SAMPLE, newline="") as handle:
        return list(csv.reader(handle))[1:]


def test_import_territory_events_and_skip_the_rest(cli, db_path):
    result = cli("import", "acled", str(SAMPLE), "--add-locations")
    assert result.exit_code == 0, result.output
    assert "6 rows; imported 4 events" in result.output and "2 skipped (not territory events)" in result.output
    assert "1 new localities" in result.output
    events = json.loads(cli("events", "--since", "2016-10-20", "--until", "2016-11-05", "--json").output)
    imported = {(e["locality"], e["status"], e["force"], e["previous_force"]) for e in events if e["recorded_by"] == "import:acled"}
    assert imported == {
        ("Bartella", "captured", "Counter Terrorism Service", "Islamic State"),
        ("Teskhrab", "captured", "Islamic State", "Peshmerga"),
        ("Shura", "withdrawn", "Federal Police", "Islamic State"),
        ("Sample Hamlet", "captured", "Iraqi Army", "Islamic State"),
    }
    shura = next(e for e in events if e["locality"] == "Shura" and e["recorded_by"] == "import:acled")
    assert (shura["date_earliest"], shura["date"], shura["date_precision"]) == ("2016-10-28", "2016-11-03", "range")
    assert "federal police took over" in shura["note"]  # ACLED's notes, the source's own words


def test_reimport_changes_nothing(cli, db_path):
    cli("import", "acled", str(SAMPLE), "--add-locations")
    before = dump(db_path)
    result = cli("import", "acled", str(SAMPLE), "--add-locations")
    assert "imported 0 events" in result.output and "4 unchanged" in result.output
    assert dump(db_path) == before


def test_updated_row_supersedes_and_deletion_retracts(cli, db_path, tmp_path):
    cli("import", "acled", str(SAMPLE), "--add-locations")
    rows = sample_rows()
    rows[1][1], rows[1][-1] = "29 October 2016", "1477999999"  # ACLED corrected the date
    updated = tmp_path / "updated.csv"
    write_rows(updated, rows)
    result = cli("import", "acled", str(updated), "--add-locations")
    assert "1 updates" in result.output
    teskhrab = json.loads(cli("events", "--locality", "Teskhrab", "--json").output)
    acled = [e for e in teskhrab if e["recorded_by"] == "import:acled"]
    assert [(e["date"], e["counts"]) for e in acled] == [("2016-10-28", 0), ("2016-10-29", 1)]
    deleted = tmp_path / "deleted.csv"
    deleted.write_text("event_id_cnty,deleted_timestamp\nIRQ90001,1478000000\n")
    result = cli("import", "acled", str(updated), "--deleted", str(deleted), "--add-locations")
    assert "1 retracted" in result.output
    bartella = [e for e in json.loads(cli("events", "--locality", "Bartella", "--json").output) if e["recorded_by"] == "import:acled"]
    assert bartella[0]["counts"] == 0 and "deleted by ACLED" in bartella[0]["retracted_because"]


@pytest.mark.parametrize("change,message", [
    (lambda rows: rows[0].__setitem__(22, "200"), "acled_bad.csv:2: latitude 200 is out of range (-90..90)"),
    (lambda rows: rows[0].__setitem__(1, "2016-13-45"), "acled_bad.csv:2: event_date '2016-13-45' is not a date"),
    (lambda rows: rows[2].pop(), "acled_bad.csv:4: 30 fields where the header has 31"),
    (lambda rows: rows[0].__setitem__(7, "Wagner Group"), "acled_bad.csv:2: unknown actor 'Wagner Group'"),
    (lambda rows: rows[0].__setitem__(3, "7"), "time_precision '7' must be 1, 2 or 3"),
    (lambda rows: rows[0].__setitem__(1, "31 December 9999"), "in the future (import with --allow-any-date"),
    (lambda rows: rows[0].__setitem__(1, "1 January 2015"), "before the mosul campaign's start on 2016-10-17"),
    (lambda rows: rows.append(list(rows[0])), "acled_bad.csv:8: event_id_cnty IRQ90001 with timestamp 1477000001 is on line 2 too"),
])
def test_a_bad_row_fails_the_whole_import(cli, db_path, tmp_path, change, message):
    rows = sample_rows()
    change(rows)
    bad = tmp_path / "acled_bad.csv"
    write_rows(bad, rows)
    before = dump(db_path)
    result = cli("import", "acled", str(bad), "--add-locations", "--strict")
    assert result.exit_code == 2
    assert message in result.output and "nothing was imported" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert dump(db_path) == before


def test_missing_column_empty_file_and_missing_file(cli, db_path, tmp_path):
    no_date = tmp_path / "no_date.csv"
    write_rows(no_date, [r[:1] + r[2:] for r in sample_rows()], COLUMNS[:1] + COLUMNS[2:])
    result = cli("import", "acled", str(no_date))
    assert result.exit_code == 2 and "no_date.csv:1: not an ACLED export: no column event_date" in result.output
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert "empty file" in cli("import", "acled", str(empty)).output
    assert "no such file" in cli("import", "acled", str(tmp_path / "nope.csv")).output


def test_skip_bad_imports_good_rows_and_writes_rejects(cli, db_path, tmp_path):
    rows = sample_rows()
    rows[0][22] = "200"
    bad = tmp_path / "acled_bad.csv"
    write_rows(bad, rows)
    result = cli("import", "acled", str(bad), "--skip-bad", "--add-locations")
    assert result.exit_code == 0, result.output
    assert "imported 3 events" in result.output and "1 rejected" in result.output
    rejects = list(csv.DictReader(open(tmp_path / "acled_bad.rejects.csv")))
    assert [(r["line"], r["event_id_cnty"]) for r in rejects] == [("2", "IRQ90001")]
    assert "latitude 200" in rejects[0]["reason"]


def test_unknown_location_without_add_locations(cli, tmp_path):
    result = cli("import", "acled", str(SAMPLE))
    assert result.exit_code == 2 and "unknown location 'Sample Hamlet'" in result.output


def test_acled_round_trip(cli, runner, db_path, tmp_path):
    from tracker.cli import app
    from tracker.store import TrackerDB

    generated = tmp_path / "generated.csv"
    with open(generated, "w", newline="") as handle:
        generate_acled(handle, 3000, sample_locations(TrackerDB(db_path), 400))
    assert cli("import", "acled", str(generated)).exit_code == 0
    exported = cli("export", "--format", "acled").stdout
    assert exported.splitlines()[0] == ",".join(COLUMNS)
    (tmp_path / "exported.csv").write_text(exported)
    fresh = tmp_path / "fresh.db"
    runner.invoke(app, ["init", "--no-events", "--db", str(fresh)])
    result = runner.invoke(app, ["import", "acled", str(tmp_path / "exported.csv"), "--allow-any-date", "--db", str(fresh)])
    assert result.exit_code == 0, result.output
    columns = ("locality", "date", "date_earliest", "date_precision", "status", "force", "previous_force", "axis")

    def events(path):
        return sorted(tuple(e[c] for c in columns) for e in TrackerDB(path).events(include_retracted=False))

    original, copy = events(db_path), events(fresh)
    assert len(original) > 1000 and original == copy


def test_geojson_exports(cli):
    localities = json.loads(cli("export", "--format", "geojson", "--what", "localities", "--as-of", "2016-10-25").stdout)
    assert localities["type"] == "FeatureCollection"
    bartella = next(f for f in localities["features"] if f["properties"]["name"] == "Bartella")
    assert bartella["geometry"]["coordinates"] == [43.38, 36.352]
    assert (bartella["properties"]["controller"], bartella["properties"]["side"]) == ("Counter Terrorism Service", "attacker")
    events = json.loads(cli("export", "--format", "geojson", "--as-of", "2016-10-25").stdout)
    assert all(f["properties"]["date"] <= "2016-10-25" for f in events["features"])
    for feature in events["features"] + localities["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
    assert cli("export", "--format", "kml").exit_code == 2


def test_csv_export(cli, db_path):
    rows = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv").stdout)))
    stored = sqlite3.connect(db_path).execute("SELECT count(*) FROM events").fetchone()[0]
    assert len(rows) == stored and {"locality", "date", "status", "force", "sources", "summary"} <= set(rows[0])


def test_a_second_campaign_has_its_own_objective_and_front(cli):
    added = cli("campaign", "add", "tal-afar", "--objective", "Tall Afar", "--start", "2017-08-20")
    assert added.exit_code == 0, added.output
    result = cli("add", "Al-Muhallabiyah", "--by", "Iraqi forces", "--date", "2017-08-26", "--campaign", "tal-afar")
    assert "from Tal Afar's outskirts" in result.output and "axis: east" in result.output
    front = json.loads(cli("front", "--campaign", "tal-afar", "--from", "2017-08-26", "--to", "2017-08-26", "--json").output)
    east = next(r for r in front if r["axis"] == "east")
    assert east["locality"] == "Al-Muhallabiyah" and 20 < east["km_to_outskirts"] < 27
    mosul = json.loads(cli("front", "--from", "2016-10-24", "--to", "2016-10-24", "--json").output)
    assert next(r for r in mosul if r["axis"] == "east")["locality"] == "Bartella"  # Mosul unchanged
    assert cli("campaign", "add", "tal-afar", "--objective", "Tal Afar").exit_code == 2
    bad = cli("campaign", "add", "x", "--objective", "Tal Afar", "--outskirts", "POLYGON((1 2, 3 4))")
    assert bad.exit_code == 2 and "outskirts" in bad.output.lower()


def test_outskirts_from_a_geojson_file(cli, tmp_path):
    polygon = {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [
        [[42.42, 36.36], [42.48, 36.36], [42.48, 36.40], [42.42, 36.40], [42.42, 36.36]]]}}
    path = tmp_path / "tal_afar.geojson"
    path.write_text(json.dumps(polygon))
    assert cli("campaign", "add", "tal-afar", "--objective", "Tal Afar", "--outskirts", str(path)).exit_code == 0
    listed = cli("campaign", "list").output
    assert "tal-afar" in listed


def test_changing_axes_recomputes_default_axes(cli):
    result = cli("campaign", "axes", "mosul", "--set", "north=270-90,south=90-270")
    assert result.exit_code == 0, result.output
    bartella = json.loads(cli("localities", "Bartella", "--json").output)[0]
    assert bartella["axis"] == "north"  # bearing 89°
    assert cli("campaign", "axes", "mosul", "--set", "north").exit_code == 2


def test_a_failed_large_import_leaves_indexes_and_rows_as_they_were(cli, db_path, tmp_path):
    from tracker.store import TrackerDB

    path = tmp_path / "large.csv"
    with open(path, "w", newline="") as handle:
        generate_acled(handle, 70_000, sample_locations(TrackerDB(db_path), 300), territory_only=True)
    with open(path, "a", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(sample_rows()[0][:22] + ["200"] + sample_rows()[0][23:])
    assert path.stat().st_size > 20 * 1024 * 1024  # the size at which indexes are rebuilt at the end
    before = dump(db_path)
    result = cli("import", "acled", str(path))
    assert result.exit_code == 2 and "large.csv:70002: latitude 200" in result.output
    assert dump(db_path) == before
    indexes = {r[0] for r in TrackerDB(db_path).conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"idx_events_campaign_date", "idx_events_locality"} <= indexes


def test_reading_in_a_second_process_gives_the_same_import(db_path, tmp_path):
    """Large files are read and checked in a forked process while this one writes: same result as one process."""
    import shutil

    from tracker.interop.acled import ImportFailed, import_acled
    from tracker.interop.acled_samples import synthetic_locations
    from tracker.store import TrackerDB

    path = tmp_path / "mixed.csv"
    with open(path, "w", newline="") as handle:
        generate_acled(handle, 120_000, synthetic_locations(500) + sample_locations(TrackerDB(db_path), 200))
    rows = list(csv.reader(open(path, newline="")))
    territory = [n for n, row in enumerate(rows) if territory_status(row[6])]
    early, late = territory[5], next(n for n in territory if n > 90_000)
    rows[early][22], rows[late][1] = "200", "2016-13-45"  # two bad rows, one in a later batch
    write_rows(path, rows[1:])
    results = {}
    for read_in_child in (False, True):
        copy = tmp_path / f"copy_{read_in_child}.db"
        shutil.copy(db_path, copy)
        tdb = TrackerDB(copy)
        counts = import_acled(tdb, path, add_locations=True, skip_bad=True, read_in_child=read_in_child,
                              reject_path=tmp_path / f"rejects_{read_in_child}.csv")
        events = tdb.conn.execute("SELECT locality_id, latitude, date, status, force_id, axis, note, external_id "
                                  "FROM events ORDER BY id").fetchall()
        localities = tdb.conn.execute("SELECT id, name, latitude FROM localities ORDER BY id").fetchall()
        rejects = (tmp_path / f"rejects_{read_in_child}.csv").read_text()
        counts.pop("reject_file")
        results[read_in_child] = (counts, [tuple(e) for e in events], [tuple(r) for r in localities], rejects)
    assert results[True] == results[False]
    counts = results[True][0]
    assert counts["rejected"] == 2 and counts["new_localities"] == 500 and counts["imported"] > 30_000

    rows[early][22] = "36.3"  # only the late bad row left: it fails after earlier batches were written
    write_rows(path, rows[1:])
    before = dump(db_path)
    with pytest.raises(ImportFailed, match=rf"mixed.csv:{late + 1}: event_date '2016-13-45' is not a date"):
        import_acled(TrackerDB(db_path), path, add_locations=True, read_in_child=True)
    assert dump(db_path) == before
