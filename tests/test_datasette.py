"""The Datasette plugin, in process, on a real tracker database."""


import pytest
from tracker.record.events import add_event
from datasette.app import Datasette
from datasette.plugins import pm

import tracker.publish
from tracker.derive import reports
from tracker.model.dates import parse_event_date
from tracker.publish.serve import datasette_argv


@pytest.fixture(scope="module", autouse=True)
def frontline_plugin():
    # Tests skip entry points (sys._called_from_test), so register the plugin as the entry point would.
    if not pm.is_registered(tracker.publish):
        pm.register(tracker.publish, name="frontline")
    yield


@pytest.fixture
def ds(db_path):
    return Datasette([str(db_path)], settings={"sql_time_limit_ms": 300})


async def get_json(ds, path):
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    return response.json()


@pytest.mark.parametrize("path", ["/", "/tracker", "/tracker/localities", "/tracker/events", "/tracker/-/frontline",
                                  "/tracker/event_details", "/-/frontline/static/frontline.js",
                                  "/-/frontline/static/vendor/leaflet/leaflet.js"])
async def test_pages_answer(ds, path):
    response = await ds.client.get(path)
    assert response.status_code == 200


async def test_map_javascript_only_on_the_map_page(ds):
    map_page = (await ds.client.get("/tracker/-/frontline")).text
    assert "frontline.js" in map_page and "leaflet.js" in map_page
    for path in ("/tracker", "/tracker/localities", "/tracker/events"):
        assert "frontline.js" not in (await ds.client.get(path)).text
    # ...but those pages link to it
    assert "/tracker/-/frontline" in (await ds.client.get("/tracker/localities")).text


async def test_metadata_carries_licences_and_descriptions(ds):
    page = (await ds.client.get("/tracker")).text
    assert "CC BY-SA" in page and "GeoNames" in page and "CC BY 4.0" in page
    events = (await ds.client.get("/tracker/events")).text
    assert "append-only" in events


async def test_geojson_is_rfc7946_with_lon_first(ds, tdb):
    data = await get_json(ds, "/tracker/localities.geojson?_size=max")
    assert data["type"] == "FeatureCollection"
    stored = {r["id"]: r for r in tdb.query("SELECT id, latitude, longitude FROM localities")}
    assert len(data["features"]) == min(len(stored), 1000)  # Datasette's max_returned_rows
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        row = stored[feature["properties"]["id"]]
        assert (lon, lat) == (row["longitude"], row["latitude"])
        assert "latitude" not in feature["properties"] and "name" in feature["properties"]


async def test_geojson_on_events_and_on_queries(ds, tdb):
    events = await get_json(ds, "/tracker/events.geojson?_size=max")
    assert len(events["features"]) == tdb.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    assert all(f["geometry"]["type"] == "Point" for f in events["features"])
    query = await get_json(ds, "/tracker.geojson?sql=select+name,+latitude,+longitude+from+localities+where+name+%3D+'Bartella'")
    assert query["features"][0]["geometry"]["coordinates"] == [43.38, 36.352]
    no_location = await ds.client.get("/tracker/forces.geojson")
    assert no_location.status_code == 404


async def test_sql_functions_match_the_core(ds, tdb):
    db = ds.get_database("tracker")
    rows = (await db.execute(
        "select id, km_to_outskirts, km_to_centre, bearing_deg, axis, distance_km(latitude, longitude) as d, "
        "centre_km(latitude, longitude) as c, bearing_deg(latitude, longitude) as b, axis_of(latitude, longitude) as a "
        "from localities where latitude is not null")).rows
    assert len(rows) == tdb.conn.execute("SELECT count(*) FROM localities WHERE latitude IS NOT NULL").fetchone()[0]
    for row in rows:
        assert row["d"] == pytest.approx(row["km_to_outskirts"], abs=0.001)
        assert row["c"] == pytest.approx(row["km_to_centre"], abs=0.001)
        assert row["b"] == pytest.approx(row["bearing_deg"], abs=0.01)
        assert row["a"] == row["axis"]
    status = reports.status(tdb, as_of="2016-10-30")
    for group in status["axes"]:
        for entry in group["localities"]:
            result = (await db.execute("select controller_on(?, '2016-10-30') as c, condition_on(?, '2016-10-30') as k",
                                       [entry["locality_id"], entry["locality_id"]])).first()
            assert (result["c"], result["k"]) == (entry["holder"], entry["condition"])
    # Each (locality, day) is remembered while the database is unchanged; a commit elsewhere moves it on.
    bartella = tdb.resolve_locality("Bartella")["id"]
    query = "select controller_on(?, '2016-10-30') as c"
    assert (await db.execute(query, [bartella])).first()["c"] == "Counter Terrorism Service"
    add_event(tdb, locality="Bartella", force="IS", date=parse_event_date("2016-10-29"), status="captured")
    assert (await db.execute(query, [bartella])).first()["c"] == "Islamic State"


async def test_canned_queries_with_parameters(ds, tdb):
    front = await get_json(ds, "/tracker/front_on_date.json?date=2016-10-24&_shape=array")
    expected = {r["axis"]: r["locality"] for r in reports.front(tdb, start="2016-10-24", end="2016-10-24") if r["locality"]}
    assert {r["axis"]: r["locality"] for r in front} == expected
    history = await get_json(ds, "/tracker/locality_history.json?name=Bashiqa&_shape=array")
    assert [r["status"] for r in history] == ["encircled", "captured", "entered"]
    cited = await get_json(ds, "/tracker/events_for_source.json?source=ap-2016-10-24-first-week&_shape=array")
    assert {r["locality"] for r in cited} == {"Mosul", "Bartella", "Qaraqosh", "Bashiqa"}


async def test_map_and_progress_data(ds, tdb):
    data = await get_json(ds, "/tracker/-/frontline/map.json")
    assert len(data["localities"]) == len(tdb.mapped_localities())
    bartella = str(tdb.resolve_locality("Bartella")["id"])
    forces = {f["id"]: f for f in data["forces"]}
    first, *_, last = data["states"][bartella]
    assert forces[first[1]]["side"] == "defender" and forces[last[1]]["name"] == "Counter Terrorism Service"
    progress = await get_json(ds, "/tracker/-/frontline/progress.json")
    assert progress["axes"] == ["north", "east", "south", "west"]
    assert len(progress["front"]) == 4 * len(progress["held"])
    history = await get_json(ds, f"/tracker/-/frontline/locality/{bartella}.json")
    assert history["events"][0]["sources"][0]["publisher"] in ("Associated Press", "The Straits Times")
    assert (await ds.client.get("/tracker/-/frontline/locality/999999.json")).status_code == 404
    assert (await ds.client.get("/nosuchdb/-/frontline")).status_code == 404


async def test_large_databases_send_the_map_states_a_date_at_a_time(db_path, tdb):
    """Past history_limit events the map data carries one day's states; states.json gives any other day's,
    the same as the whole history would give for that day."""
    small = await get_json(Datasette([str(db_path)]), "/tracker/-/frontline/map.json")
    assert small["states_by_date"] is False
    large = Datasette([str(db_path)], metadata={"plugins": {"frontline": {"history_limit": 10}}})
    data = await get_json(large, "/tracker/-/frontline/map.json")
    assert data["states_by_date"] is True and data["states_day"] == data["campaign"]["end"]

    def on(history, day):  # the last change on or before the day, as the page looks it up
        return [step for step in history if step[0] is None or step[0] <= day][-1][1:]

    for day in ("2016-10-17", "2016-10-25", "2016-11-10", data["campaign"]["end"]):
        one_day = await get_json(large, f"/tracker/-/frontline/states.json?date={day}")
        assert one_day["date"] == day
        expected = {locality: on(history, day) for locality, history in small["states"].items()
                    if any(step[0] is None or step[0] <= day for step in history)}
        assert {locality: steps[0][1:] for locality, steps in one_day["states"].items()} == expected
    for bad in ("2016-13-45", "", "yesterday"):
        response = await large.client.get(f"/tracker/-/frontline/states.json?date={bad}")
        assert response.status_code == 400 and "YYYY-MM-DD" in response.json()["error"]


async def test_no_request_can_write(ds, db_path):
    from conftest import dump

    before = dump(db_path)
    for sql in ("insert into forces (name, side) values ('x', 'other')", "delete from events",
                "update localities set name = 'x'", "drop table events"):
        response = await ds.client.get("/tracker.json", params={"sql": sql})
        assert response.status_code == 400
    for path in ("/tracker/events", "/tracker/-/frontline", "/tracker/-/create", "/tracker/events/-/insert"):
        response = await ds.client.post(path, json={"row": {"id": 1}})
        assert response.status_code >= 400  # refused (0.65 answers a POST to a table with an error)
    assert dump(db_path) == before


async def test_a_runaway_query_is_cut_off(ds):
    sql = "with recursive r(n) as (select 1 union all select n + 1 from r) select count(*) from r"
    response = await ds.client.get("/tracker.json", params={"sql": sql})
    assert response.status_code == 400
    assert "interrupted" in response.text.lower() or "time limit" in response.text.lower()


def test_serve_sets_a_time_limit_and_no_downloads(tmp_path):
    argv = datasette_argv(tmp_path / "tracker.db", port=9000)
    assert argv[argv.index("sql_time_limit_ms") + 1] == "2000"
    assert argv[argv.index("allow_download") + 1] == "off"
    assert argv[argv.index("suggest_facets") + 1] == "off"
    assert argv[:2] == ["serve", str(tmp_path / "tracker.db")]


async def test_map_data_follows_new_events(ds, db_path):
    from tracker.model.dates import parse_event_date
    from tracker.store import TrackerDB

    before = await get_json(ds, "/tracker/-/frontline/map.json")
    tdb = TrackerDB(db_path)
    teskhrab = str(tdb.resolve_locality("Teskhrab")["id"])
    add_event(tdb, locality="Teskhrab", force="IS", date=parse_event_date("2016-12-01"), status="lost")
    tdb.close()
    after = await get_json(ds, "/tracker/-/frontline/map.json")
    assert len(after["states"][teskhrab]) == len(before["states"][teskhrab]) + 1


PROBES = [
    "/", "/tracker", "/tracker/events", "/tracker/events.json", "/tracker/events/-/insert", "/tracker/events/1",
    "/tracker/events/1/-/update", "/tracker/events/1/-/delete", "/tracker/events/-/drop", "/tracker/-/create",
    "/tracker/-/frontline", "/tracker/-/frontline/nope", "/tracker/-/frontline/map.json",
    "/tracker/-/frontline/progress.json", "/tracker/-/frontline/states.json", "/tracker/-/frontline/states.json?date=xyz",
    "/tracker/-/frontline/locality/99999999999999999999999.json", "/tracker/-/frontline/locality/abc.json",
    "/tracker/events?_sort=nonexistent", "/tracker/events.json?_sort=nonexistent", "/tracker/events.json?_size=-1",
    "/tracker/events.json?_next=zzz", "/tracker/events.json?_facet=nonexistent", "/tracker/front_on_date?date=xyz",
    "/tracker.json?sql=select+controller_on(1,'2016-13-45')", "/tracker.json?sql=delete+from+events",
    "/tracker/events.geojson", "/tracker/nope", "/nope/-/frontline", "/-/frontline/static/nope.js",
    "/-/frontline/static/../../../../etc/passwd", "/tracker/locality_history.json?name=Bartella",
    "/tracker/-/frontline?campaign=nope", "/tracker/-/frontline/map.json?campaign=nope",
]


async def test_no_route_or_method_answers_5xx_or_logs_a_traceback(ds, capsys):
    failures = []
    for path in PROBES:
        for method in ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"):
            response = await ds.client.request(method, path, follow_redirects=False)
            if response.status_code >= 500:
                failures.append((method, path, response.status_code, response.text[:120]))
            if method not in ("GET", "HEAD") and path.startswith("/tracker"):
                assert response.status_code in (405, 404), (method, path, response.status_code)
    assert failures == []
    printed = capsys.readouterr()
    assert "Traceback" not in printed.out + printed.err and "locals" not in printed.out + printed.err


async def test_impossible_dates_are_refused_on_reads(ds):
    canned = await ds.client.get("/tracker/front_on_date.json?date=xyz")
    assert canned.status_code == 400
    direct = await ds.client.get("/tracker.json?sql=select+controller_on(1,'2016-13-45')+as+c")
    assert direct.status_code == 400
    valid = await ds.client.get("/tracker.json?sql=select+controller_on(1,'2016-11-01')+as+c&_shape=array")
    assert valid.status_code == 200 and valid.json() == [{"c": "Islamic State"}]


async def test_areas_and_front_line_for_a_date_match_the_stats(ds, tdb):
    data = await get_json(ds, "/tracker/-/frontline/control.json?date=2016-12-03")
    assert data["date"] == "2016-12-03" and data["front"]["features"]
    stats = reports.stats(tdb, as_of="2016-12-03")
    drawn = {(f["properties"]["side"], f["properties"]["control"]): f["properties"]["area_km2"]
             for f in data["areas"]["features"]}
    for side, entry in stats["by_side"].items():
        for how in ("reported", "assessed"):
            if entry[how]["localities"]:
                assert drawn[(side, how)] == pytest.approx(entry[how]["area_km2"], rel=0.01)  # the same cells
    download = await ds.client.get("/tracker/-/frontline/areas.geojson?date=2016-12-03")
    assert download.status_code == 200 and "attachment" in download.headers["content-disposition"]
    assert download.json()["type"] == "FeatureCollection"
    line = await ds.client.get("/tracker/-/frontline/front.geojson?date=2016-12-03")
    assert line.json()["features"][0]["geometry"]["type"] in ("LineString", "MultiLineString")


@pytest.mark.parametrize("path,status,words", [
    ("/tracker/-/frontline/control.json?date=2016-13-45", 400, "2016-13-45"),
    ("/tracker/-/frontline/control.json?campaign=atlantis", 404, "Unknown campaign 'atlantis'"),
    ("/tracker/-/frontline/nothing-here", 404, "no such frontline page"),
    ("/tracker/-/frontline/fighting.json?days=x", 400, "whole number"),
])
async def test_bad_requests_answer_4xx_with_a_short_reason(ds, path, status, words):
    response = await ds.client.get(path)
    assert response.status_code == status and words in response.text and len(response.text) < 400


async def test_datasette_polish(ds):
    events = await get_json(ds, "/tracker/events.geojson?_size=5")
    assert all("force" in f["properties"] and isinstance(f["properties"]["force"], str) for f in events["features"])
    database_page = (await ds.client.get("/tracker")).text
    assert "_sqlite_migrations" not in database_page
    row = (await ds.client.get("/tracker/localities?name=Bartella")).text
    assert "/tracker/-/frontline?find=Bartella" in row
    found = await get_json(ds, "/tracker/-/frontline/search.json?q=Bartalla")
    assert found["results"][0]["name"] == "Bartella"
