"""The map page in a real headless Chromium (Debian's), against `tracker serve` on 127.0.0.1."""

import contextlib
import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from tracker.model.dates import parse_event_date
from tracker.record.events import add_event
from tracker.record.forces import add_force
from tracker.store import TrackerDB
from tracker.record.localities import add_locality

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
HOSTILE = {
    "quote": "<img src=x onerror=alert(1)>",
    "note": "<script>alert(2)</script>",
    "title": "<img src=x onerror=alert(3)>",
    "url": "javascript:alert(4)",
    "locality": "<img src=x onerror=alert(5)>",
    "force": "<img src=x onerror=alert(6)>",
}

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (apt-get install chromium)")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(seeded_db_file, tmp_path_factory):
    path = tmp_path_factory.mktemp("browser") / "tracker.db"
    shutil.copy(seeded_db_file, path)
    tdb = TrackerDB(path)
    hostile = add_locality(tdb, HOSTILE["locality"], latitude=36.30, longitude=43.45)
    add_event(tdb, locality="Bartella", force="CTS", date=parse_event_date("2016-10-28"), status="contested",
                  source_url=HOSTILE["url"], title=HOSTILE["title"], publisher="<b>bold</b>",
                  quote=HOSTILE["quote"], note=HOSTILE["note"])
    add_event(tdb, locality=HOSTILE["locality"], force="IS", date=parse_event_date("2016-10-20"), note=HOSTILE["note"])
    add_force(tdb, HOSTILE["force"], side="attacker")
    add_event(tdb, locality="Teskhrab", force=HOSTILE["force"], date=parse_event_date("2016-10-27"), status="contested")
    tdb.close()
    port = free_port()
    with serving([str(Path(sys.executable).parent / "tracker"), "serve", "--db", str(path), "--port", str(port)], port):
        yield {"url": f"http://127.0.0.1:{port}", "db": path, "hostile_id": hostile["id"]}


@contextlib.contextmanager
def serving(argv, port):
    """Run a server command until the block ends; fail with its output if it never listens."""
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(f"{argv[0]} did not start: " + process.stdout.read().decode()[-2000:])
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync",
        ])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1300, "height": 1500})
    page = context.new_page()
    page.console_errors, page.requests, page.dialogs = [], [], []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()


def open_map(page, server, date="2016-10-17"):
    page.goto(f"{server['url']}/tracker/-/frontline?date={date}")
    page.wait_for_function("window.frontline && window.frontline.ready", timeout=20000)


def fill_of(page, locality_id):
    return page.get_attribute(f"path.fl-locality-{locality_id}", "fill")


def move_slider(page, date):
    page.evaluate("""date => {
        const slider = document.getElementById('fl-slider');
        const start = new Date(window.FRONTLINE_START + 'T00:00:00Z');
        slider.value = String(Math.round((new Date(date + 'T00:00:00Z') - start) / 86400000));
        slider.dispatchEvent(new Event('input', {bubbles: true}));
    }""", date)


def test_map_draws_every_locality_and_the_slider_recolours_bartella(page, server):
    tdb = TrackerDB(server["db"])
    expected = len(tdb.mapped_localities())
    bartella = tdb.resolve_locality("Bartella")["id"]
    tdb.close()
    open_map(page, server)
    assert page.locator("path.fl-locality").count() == expected
    page.evaluate("window.FRONTLINE_START = document.getElementById('fl-date').textContent")  # the URL's date, 2016-10-17
    assert page.text_content("#fl-date") == "2016-10-17"
    defender = fill_of(page, bartella)
    assert defender == "#111111"
    move_slider(page, "2016-10-25")
    assert page.text_content("#fl-date") == "2016-10-25"
    attacker = fill_of(page, bartella)
    assert attacker == "#1f6fb4" and attacker != defender
    assert "date=2016-10-25" in page.url  # the view can be shared
    assert page.evaluate("window.frontline.frontChart.data.datasets.map(d => d.label)") == ["north", "east", "south", "west"]
    assert page.evaluate("window.frontline.heldChart.data.datasets.length") == 4
    assert page.evaluate("window.frontline.paceChart.data.datasets.map(d => d.label)") == ["north", "east", "south", "west"]
    assert page.evaluate("Math.max(...window.frontline.paceChart.data.datasets[1].data)") > 1  # the east's first weeks
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map-2016-10-25.png"), full_page=True)
    assert page.console_errors == []
    outside = [url for url in page.requests if not url.startswith(server["url"])]
    assert outside == []


def test_filters_hide_other_axes(page, server):
    open_map(page, server, "2016-11-10")
    page.click(".fl-more summary")  # the filters fold away under "Layers and filters"
    total = page.locator("path.fl-locality").count()
    page.select_option("#fl-axis", "west")
    west = page.locator("path.fl-locality").count()
    assert 0 < west < total
    page.select_option("#fl-axis", "")
    page.select_option("#fl-status", "encircled")
    assert page.locator("path.fl-locality").count() == 0  # Bashiqa was taken on 7 Nov
    assert page.console_errors == []


def test_history_panel_links_sources_and_stored_html_stays_text(page, server):
    tdb = TrackerDB(server["db"])
    bartella = tdb.resolve_locality("Bartella")["id"]
    tdb.close()
    open_map(page, server, "2016-11-01")
    page.evaluate(f"window.frontline.showHistory({bartella})")
    page.wait_for_selector("#fl-history table")
    text = page.text_content("#fl-history")
    assert HOSTILE["quote"] in text and HOSTILE["note"] in text and "javascript:alert(4)" in text
    hrefs = page.eval_on_selector_all("#fl-history a", "links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith("https://") or h.startswith("http://") for h in hrefs)
    assert page.locator("#fl-history img").count() == 0 and page.locator("#fl-history script").count() == 0
    page.evaluate(f"window.frontline.showHistory({server['hostile_id']})")
    page.wait_for_selector("#fl-history table")
    assert HOSTILE["locality"] in page.text_content("#fl-history h3")
    assert HOSTILE["force"] in page.text_content("#fl-legend")
    assert page.locator("#fl-legend img").count() == 0
    page.evaluate(f"window.frontline.map.setView([36.30, 43.45], 11)")
    page.hover(f"path.fl-locality-{server['hostile_id']}", force=True)
    page.wait_for_selector(".leaflet-tooltip", timeout=5000)
    assert page.text_content(".leaflet-tooltip") == HOSTILE["locality"]
    assert page.locator(".leaflet-tooltip img").count() == 0
    page.wait_for_timeout(500)
    assert page.dialogs == [] and page.console_errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "history-hostile.png"), full_page=True)


def test_datasette_pages_show_hostile_text_inert(page, server):
    for path in ("/tracker/event_details?_sort_desc=id", "/tracker/sources", "/tracker/localities?_sort_desc=id",
                 "/tracker/locality_history?name=Bartella"):
        page.goto(server["url"] + path)
        page.wait_for_load_state("load")
    assert page.dialogs == []
    javascript_links = page.eval_on_selector_all("a", "links => links.filter(a => (a.getAttribute('href') || '').startsWith('javascript:')).length")
    assert javascript_links == 0


def test_a_large_database_map_fetches_each_date_it_shows(page, seeded_db_file, tmp_path):
    """Plain `datasette` (the plugin from its entry point) with a history limit below the event count: the page
    asks states.json for each date and recolours when the answer comes."""
    metadata = tmp_path / "metadata.json"
    metadata.write_text(json.dumps({"plugins": {"frontline": {"history_limit": 10}}}))
    path = tmp_path / "tracker.db"
    shutil.copy(seeded_db_file, path)
    tdb = TrackerDB(path)
    bartella = tdb.resolve_locality("Bartella")["id"]
    tdb.close()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with serving([str(Path(sys.executable).parent / "datasette"), "serve", str(path), "--port", str(port),
                  "--metadata", str(metadata)], port):
        page.goto(f"{url}/tracker/-/frontline?date=2016-10-17")
        page.wait_for_function("window.frontline && window.frontline.statesDay === '2016-10-17'", timeout=20000)
        assert fill_of(page, bartella) == "#111111"
        page.evaluate("window.FRONTLINE_START = '2016-10-17'")
        move_slider(page, "2016-10-25")
        page.wait_for_function("window.frontline.statesDay === '2016-10-25'", timeout=20000)
        assert page.text_content("#fl-date") == "2016-10-25"
        assert fill_of(page, bartella) == "#1f6fb4"
        asked = [u for u in page.requests if "/states.json?date=" in u]
        assert asked and asked[-1].endswith("date=2016-10-25")
        assert page.console_errors == []
        assert [u for u in page.requests if not u.startswith(url)] == []


def control_shapes(page):
    """The areas' outlines and the front line as drawn (SVG path data), once the date's areas have arrived."""
    page.wait_for_function("window.frontline.controlDate === window.frontline.date", timeout=20000)
    return (page.eval_on_selector_all("path.fl-area", "ps => ps.map(p => p.getAttribute('d')).join('|')"),
            page.eval_on_selector_all("path.fl-front-line", "ps => ps.map(p => p.getAttribute('d')).join('|')"))


def test_areas_of_control_and_the_front_line_move_with_the_date(page, server):
    open_map(page, server, "2016-10-20")
    early_areas, early_front = control_shapes(page)
    assert page.locator("path.fl-area-attacker-reported").count() >= 1
    assert page.locator("path.fl-area-defender-assessed").count() >= 1 and early_front
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.frontline.setDate('2017-01-30')")
    late_areas, late_front = control_shapes(page)
    assert late_areas != early_areas and late_front != early_front
    assert page.locator("path.fl-river").count() >= 1  # the Tigris, offline
    for day in ("2016-10-17", "2016-11-10", "2017-01-24", "2017-07-10"):
        page.evaluate(f"window.frontline.setDate('{day}')")
        control_shapes(page)
        page.wait_for_timeout(300)
        page.screenshot(path=str(ARTIFACTS / f"map-{day}.png"))
    assert page.console_errors == []
    assert [u for u in page.requests if not u.startswith("http://127.0.0.1")] == []


def test_play_advances_the_date_and_pause_stops_it(page, server):
    open_map(page, server, "2016-10-17")
    page.select_option("#fl-speed", "70")
    page.click("#fl-play")
    page.wait_for_function("window.frontline.date > '2016-10-25'", timeout=20000)
    page.click("#fl-play")
    stopped = page.evaluate("window.frontline.date")
    page.wait_for_timeout(400)
    assert page.evaluate("window.frontline.date") == stopped and page.evaluate("window.frontline.playing") is False
    page.click("#fl-step")
    assert page.evaluate("window.frontline.date") > stopped
    page.click("#fl-next-change")
    assert "date=" in page.url and page.console_errors == []


def test_clicking_bartella_shows_its_sources_beside_the_map(page, server):
    tdb = TrackerDB(server["db"])
    bartella = tdb.resolve_locality("Bartella")["id"]
    tdb.close()
    open_map(page, server, "2016-10-25")
    page.evaluate("id => window.frontline.map.setView(window.frontline.markers[id].marker.getLatLng(), 12)", bartella)
    page.click(f"path.fl-locality-{bartella}", force=True)
    page.wait_for_selector("#fl-history table a")
    panel = page.text_content("#fl-history")
    assert "Held by Counter Terrorism Service" in panel and "reported" in panel
    links = page.eval_on_selector_all("#fl-history a", "links => links.map(a => a.href)")
    assert any("straitstimes.com" in link for link in links)
    assert page.locator("#fl-history .fl-quote").count() >= 1  # a quote or the event's own summary
    assert f"place={bartella}" in page.url
    assert page.console_errors == []


def test_search_finds_a_place_in_any_spelling(page, server):
    open_map(page, server, "2016-11-10")
    page.fill("#fl-search", "Bartalla")
    page.press("#fl-search", "Enter")
    page.wait_for_selector("#fl-history h3")
    assert page.text_content("#fl-history h3") == "Bartella"


def test_a_bad_date_in_the_address_is_said_not_silently_replaced(page, server):
    page.goto(f"{server['url']}/tracker/-/frontline?date=2016-13-45")
    page.wait_for_function("window.frontline && window.frontline.ready", timeout=20000)
    assert "is not a date" in page.text_content("#fl-message")
    page.goto(f"{server['url']}/tracker/-/frontline?date=2015-01-01")
    page.wait_for_function("window.frontline && window.frontline.ready", timeout=20000)
    assert "No data for 2015-01-01" in page.text_content("#fl-message")


def test_on_a_phone_the_map_fills_the_screen_and_details_open_in_view(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    tdb = TrackerDB(server["db"])
    bartella = tdb.resolve_locality("Bartella")["id"]
    tdb.close()
    page.goto(f"{server['url']}/tracker/-/frontline?date=2016-10-25")
    page.wait_for_function("window.frontline && window.frontline.ready", timeout=20000)
    box = page.locator("#fl-map").bounding_box()
    assert box["width"] >= 380 and box["height"] >= 0.55 * 844
    for button in ("#fl-play", "#fl-step", "#fl-step-back"):
        size = page.locator(button).bounding_box()
        assert size["width"] >= 44 and size["height"] >= 44
    page.evaluate(f"window.frontline.showHistory({bartella})")
    page.wait_for_selector("#fl-history table")
    sheet = page.locator("#fl-history").bounding_box()
    assert sheet["y"] >= 0 and sheet["y"] + 60 <= 844  # the bottom sheet is on screen, no scrolling needed
    assert page.evaluate("window.scrollY") == 0
    page.screenshot(path=str(ARTIFACTS / "map-phone.png"))
    assert errors == []
    context.close()


def test_fighting_reports_show_for_the_week(page, server, runner):
    from tracker.cli import app

    result = runner.invoke(app, ["import", "ucdp", str(ROOT / "tests" / "data" / "ucdp_sample.csv"), "--db",
                                 str(server["db"])])
    assert result.exit_code == 0, result.output
    open_map(page, server, "2016-11-06")
    page.click(".fl-more summary")
    page.check("#fl-show-fighting")
    page.wait_for_function("window.frontline.fighting >= 1", timeout=20000)
    assert page.locator("path.fl-fighting").count() >= 1
    assert page.console_errors == []
