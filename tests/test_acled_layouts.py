"""Every ACLED layout, actors as ACLED names them, duplicate ids, reject files: on files written under the
exact headers of real exports (the rows are invented: ACLED rows are not redistributable)."""

import csv
import json

import pytest

from conftest import dump

LAYOUT_2015 = ("GWNO,EVENT_ID_CNTY,EVENT_ID_NO_CNTY,EVENT_DATE,YEAR,TIME_PRECISION,EVENT_TYPE,ACTOR1,ALLY_ACTOR_1,INTER1,"
               "ACTOR2,ALLY_ACTOR_2,INTER2,INTERACTION,COUNTRY,ADMIN1,ADMIN2,ADMIN3,LOCATION,LATITUDE,LONGITUDE,"
               "GEO_PRECISION,SOURCE,NOTES,FATALITIES").split(",")
LAYOUT_2016 = (",actor1,actor2,admin1,admin2,admin3,ally_actor_1,ally_actor_2,country,data_id,event_date,event_id_cnty,"
               "event_id_no_cnty,event_type,fatalities,geo_precision,gwno,inter1,inter2,interaction,latitude,location,"
               "longitude,notes,source,time_precision,year").split(",")
LAYOUT_2019 = ("data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,sub_event_type,"
               "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,"
               "location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,timestamp,iso3").split(",")
LAYOUT_CURRENT = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
                  "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
                  "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
                  "tags,timestamp").split(",")

# Invented rows, as facts: (id, day, territory event, actor1, assoc1, actor2, location, lat, lon, timestamp).
ROWS = [
    ("IRQ1001", 20, "Government regains territory", "Military Forces of Iraq (2014-2022) Counter Terrorism Service",
     "", "Islamic State (Iraq)", "Bartella", 36.3525, 43.3797, 1600000001),
    ("IRQ1002", 25, "Non-state actor overtakes territory", "Islamic State (Iraq)", "", "Military Forces of Iraq (2014-2022) Peshmerga",
     "Teskhrab", 36.4633, 43.2781, 1600000002),
    ("IRQ1003", 26, "Armed clash", "Military Forces of Iraq (2014-2022)", "", "Islamic State (Iraq)", "Bashiqa",
     36.4516, 43.3519, 1600000003),
    ("IRQ1004", 28, "Government regains territory", "Police Forces of Iraq (2014-2022)",
     "Military Forces of Iraq (2014-2022) Popular Mobilization Forces", "Islamic State (Iraq)", "Bashiqa", 36.4516,
     43.3519, 1600000004),
]


def cells(layout, row, date_format):
    acled_id, day, territory, actor1, assoc1, actor2, location, lat, lon, timestamp = row
    date = {"dash": f"{day:02d}-October-2016", "iso": f"2016-10-{day:02d}", "words": f"{day} October 2016"}[date_format]
    event_type, sub = ("Battles", territory) if territory != "Non-violent transfer of territory" else ("Strategic developments", territory)
    if layout in (LAYOUT_2015, LAYOUT_2016):  # territory in the event type, written ACLED's old way
        event_type = territory if territory.startswith("Non-violent") else f"Battle-{territory}"
    values = {
        "gwno": "645", "event_id_cnty": acled_id, "event_id_no_cnty": acled_id[3:], "event_date": date, "year": "2016",
        "time_precision": "1", "event_type": event_type, "sub_event_type": sub, "actor1": actor1, "assoc_actor_1": assoc1,
        "ally_actor_1": assoc1, "inter1": "1" if "Forces of" in actor1 else "2", "actor2": actor2, "assoc_actor_2": "",
        "ally_actor_2": "", "inter2": "State forces" if "Forces of" in actor2 else "Rebel group", "interaction": "12",
        "country": "Iraq", "admin1": "Ninewa", "admin2": "Mosul", "admin3": "", "location": location,
        "latitude": f"{lat:.4f}", "longitude": f"{lon:.4f}", "geo_precision": "1", "source": "Invented for tests",
        "notes": f"Invented row about {location}.", "fatalities": "0", "timestamp": str(timestamp), "data_id": acled_id[3:],
        "iso": "368", "iso3": "IRQ", "region": "Middle East", "disorder_type": "Political violence",
        "civilian_targeting": "", "source_scale": "National", "tags": "",
    }
    return [values.get(name.lower(), "") if name else "0" for name in layout]


def write(path, layout, rows, date_format="words"):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(layout)
        writer.writerows(cells(layout, row, date_format) for row in rows)
    return path


@pytest.mark.parametrize("layout,date_format,name", [
    (LAYOUT_2015, "dash", "2015 download"), (LAYOUT_2016, "iso", "2016 real-time"),
    (LAYOUT_2019, "words", "2019-2023 export"), (LAYOUT_CURRENT, "words", "current export"),
])
def test_each_layout_imports_its_territory_rows(cli, tmp_path, layout, date_format, name):
    path = write(tmp_path / "acled.csv", layout, ROWS, date_format)
    result = cli("import", "acled", str(path))
    assert result.exit_code == 0, result.output
    assert name in result.output and "4 rows; imported 3 events" in result.output
    events = {(e["locality"], e["status"], e["force"], e["previous_force"], e["date"])
              for e in json.loads(cli("events", "--json").output) if e["recorded_by"] == "import:acled"}
    assert events == {
        ("Bartella", "captured", "Counter Terrorism Service", "Islamic State", "2016-10-20"),
        ("Teskhrab", "captured", "Islamic State", "Peshmerga", "2016-10-25"),
        ("Bashiqa", "captured", "Federal Police", "Islamic State", "2016-10-28"),
    }
    again = cli("import", "acled", str(path))
    assert "imported 0 events" in again.output and "3 unchanged" in again.output


def test_unknown_actors_are_reported_by_line_and_the_rest_import(cli, db_path, tmp_path):
    rows = ROWS + [("AFG2001", 27, "Non-state actor overtakes territory", "Taliban", "", "Military Forces of Afghanistan (2004-2021)",
                    "Bartella", 36.3525, 43.3797, 1600000010)]
    path = write(tmp_path / "mixed.csv", LAYOUT_CURRENT, rows)
    before = dump(db_path)
    strict = cli("import", "acled", str(path), "--strict")
    assert strict.exit_code == 2 and "mixed.csv:6: unknown actor 'Taliban'" in strict.output
    assert dump(db_path) == before
    result = cli("import", "acled", str(path))
    assert result.exit_code == 0, result.output
    assert "imported 3 events" in result.output
    assert "Taliban (line 6)" in result.output and "--add-forces" in result.output
    rejects = list(csv.DictReader(open(tmp_path / "mixed.rejects.csv")))
    assert [r["line"] for r in rejects] == ["6"]


def test_add_forces_creates_actors_on_the_side_the_row_implies(cli, tmp_path):
    rows = [("SYR3001", 21, "Government regains territory", "Military Forces of Freedonia (2016-)", "", "Islamic State (Iraq)",
             "Bartella", 36.3525, 43.3797, 1600000020),
            ("SYR3002", 22, "Non-state actor overtakes territory", "Sylvanian Liberation Army", "Islamic State (Iraq)",
             "Military Forces of Freedonia (2016-)", "Teskhrab", 36.4633, 43.2781, 1600000021)]
    result = cli("import", "acled", str(write(tmp_path / "new.csv", LAYOUT_CURRENT, rows)), "--add-forces")
    assert result.exit_code == 0, result.output
    assert "2 new forces" in result.output
    sides = {f["name"]: f["side"] for f in json.loads(cli("forces", "--json").output)}
    assert sides["Military Forces of Freedonia (2016-)"] == "attacker"  # it took ground from IS, the defender
    assert sides["Sylvanian Liberation Army"] == "defender"  # allied with IS


def test_one_id_twice_with_one_timestamp_names_both_lines(cli, db_path, tmp_path):
    path = write(tmp_path / "dup.csv", LAYOUT_CURRENT, ROWS + [ROWS[0]])
    before = dump(db_path)
    result = cli("import", "acled", str(path))
    assert result.exit_code == 2
    assert "dup.csv:6: event_id_cnty IRQ1001 with timestamp 1600000001 is on line 2 too" in result.output
    assert "Traceback" not in result.output and dump(db_path) == before
    skipped = cli("import", "acled", str(path), "--skip-bad")
    assert skipped.exit_code == 0 and "imported 3 events" in skipped.output and "1 rejected" in skipped.output
    assert [r["line"] for r in csv.DictReader(open(tmp_path / "dup.rejects.csv"))] == ["6"]


def test_a_later_timestamp_in_the_same_file_supersedes(cli, tmp_path):
    corrected = ("IRQ1001", 21) + ROWS[0][2:9] + (1600000099,)
    path = write(tmp_path / "versions.csv", LAYOUT_CURRENT, ROWS + [corrected])
    result = cli("import", "acled", str(path))
    assert result.exit_code == 0 and "1 updates" in result.output, result.output
    bartella = [e for e in json.loads(cli("events", "--locality", "Bartella", "--json").output)
                if e["recorded_by"] == "import:acled"]
    assert [(e["date"], e["counts"]) for e in bartella] == [("2016-10-20", 0), ("2016-10-21", 1)]
    assert bartella[1]["supersedes"] == bartella[0]["id"]


def test_reject_files_never_overwrite_anything(cli, db_path, tmp_path):
    rows = [list(r) for r in ROWS]
    rows[0][7] = 200.0  # an impossible latitude
    path = write(tmp_path / "bad.csv", LAYOUT_CURRENT, [tuple(r) for r in rows])
    before = dump(db_path)
    onto_db = cli("import", "acled", str(path), "--skip-bad", "--reject-file", str(db_path))
    assert onto_db.exit_code == 2 and "is the database itself" in onto_db.output
    assert dump(db_path) == before
    notes = tmp_path / "notes.csv"
    notes.write_text("my notes\n")
    onto_notes = cli("import", "acled", str(path), "--skip-bad", "--reject-file", str(notes))
    assert onto_notes.exit_code == 2 and "exists already" in onto_notes.output
    assert notes.read_text() == "my notes\n" and dump(db_path) == before
    (tmp_path / "bad.rejects.csv").write_text("an earlier reject file\n")
    result = cli("import", "acled", str(path), "--skip-bad")
    assert result.exit_code == 0 and "bad.rejects-2.csv" in result.output
    assert (tmp_path / "bad.rejects.csv").read_text() == "an earlier reject file\n"


@pytest.mark.parametrize("content,message", [
    (b"something,else\n1,2\n", "not an ACLED deletions file"),
    (b"\xff\xfe\x00\x01binary\x00\x00", "not a readable CSV deletions file"),
    (None, "no such deletions file"),
])
def test_a_bad_deletions_file_is_refused_in_one_line(cli, db_path, tmp_path, content, message):
    path = write(tmp_path / "ok.csv", LAYOUT_CURRENT, ROWS)
    deleted = tmp_path / "deleted.csv"
    if content is not None:
        deleted.write_bytes(content)
    before = dump(db_path)
    result = cli("import", "acled", str(path), "--deleted", str(deleted))
    assert result.exit_code == 2 and message in result.output and len(result.output.strip().splitlines()) == 1
    assert dump(db_path) == before


def test_two_files_with_one_name_are_two_sources(cli, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    cli("import", "acled", str(write(tmp_path / "a" / "export.csv", LAYOUT_CURRENT, ROWS[:1])))
    cli("import", "acled", str(write(tmp_path / "b" / "export.csv", LAYOUT_CURRENT, ROWS[1:2])))
    bartella = [e for e in json.loads(cli("events", "--locality", "Bartella", "--json").output) if e["recorded_by"] == "import:acled"]
    teskhrab = [e for e in json.loads(cli("events", "--locality", "Teskhrab", "--json").output) if e["recorded_by"] == "import:acled"]
    assert bartella[0]["sources"] != teskhrab[0]["sources"]


def test_importing_a_file_with_two_versions_again_changes_nothing(cli, db_path, tmp_path):
    corrected = ROWS[0][:9] + (1600000099,)
    path = write(tmp_path / "versions.csv", LAYOUT_CURRENT, [ROWS[0], corrected])
    assert "1 updates" in cli("import", "acled", str(path)).output
    before = dump(db_path)
    again = cli("import", "acled", str(path))
    assert again.exit_code == 0 and "2 unchanged" in again.output, again.output
    assert dump(db_path) == before
