"""The plugin system: hooks documented, drop-in files, installed packages, failures isolated."""

import inspect
import json
import os
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from tracker import hookspecs
from tracker.extract.model import Article, Candidate, Extractor, Lookups
from tracker.extract.run import get_extractors, run_extractors
from tracker.plugins import pm

HOOKS = [name for name in dir(hookspecs) if name.startswith("register_")]


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented_with_its_signature(hook):
    readme = (ROOT / "plugins" / "README.md").read_text()
    signature = f"{hook}({', '.join(inspect.signature(getattr(hookspecs, hook)).parameters)})"
    assert f"### {signature}" in readme


@pytest.fixture
def register_plugin():
    names = []

    def register(obj, name):
        pm.register(obj, name=name)
        names.append(name)

    yield register
    for name in names:
        pm.unregister(name=name)


class Raises(Extractor):
    extractor_id = "raises"

    def extract(self, article, lookups):
        raise RuntimeError("boom")


class Hangs(Extractor):
    extractor_id = "hangs"

    def extract(self, article, lookups):
        time.sleep(30)
        return []


class Garbage(Extractor):
    extractor_id = "garbage"

    def extract(self, article, lookups):
        yield {"locality": "Bartella"}


class BadStatus(Extractor):
    extractor_id = "bad-status"

    def extract(self, article, lookups):
        yield Candidate(locality="Bartella", force="CTS", status="liberated", quote="x")


def test_failing_extractors_are_reported_by_name_and_others_kept(seeded_db_file):
    from tracker.store import TrackerDB

    lookups = Lookups.from_db(TrackerDB(seeded_db_file))
    news = get_extractors()["news"]
    article = Article(text="Iraqi forces recaptured Qayyarah on Thursday.", published="2016-08-28")
    start = time.perf_counter()
    candidates, failures = run_extractors(article, [Raises(), Hangs(), Garbage(), BadStatus(), news], lookups, timeout=1)
    assert time.perf_counter() - start < 10
    assert [c.extractor for c in candidates] == ["news"]
    assert any("'raises' failed: RuntimeError: boom" in f for f in failures)
    assert any("'hangs' did not finish within 1 s" in f for f in failures)
    assert any("'garbage' candidate 1 dropped: it returned dict, not a Candidate" in f for f in failures)
    assert any("'bad-status' candidate 1 dropped: it returned status 'liberated'" in f for f in failures)


class Sloppy(Extractor):
    """One good candidate among candidates a careless or hostile plugin might return."""

    extractor_id = "sloppy"

    def extract(self, article, lookups):
        good = dict(locality="Bartella", force="CTS", status="captured", quote="q", date="2016-10-20",
                    date_earliest="2016-10-19", date_precision="range", locality_id=next(iter(lookups.places)),
                    force_id=next(iter(lookups.forces)))
        yield Candidate(**good)
        for change in ({"locality_id": 10**9}, {"force_id": -1}, {"date": "2016-02-30"}, {"date": "soon"},
                       {"date_earliest": "2016-10-21"}, {"date_precision": "fortnight"}, {"confidence": float("nan")},
                       {"confidence": 7}, {"distance_km": float("inf")}, {"axis": "x" * 500},
                       {"latitude": 95.0, "longitude": 43.0}, {"latitude": 36.0}, {"quote_start": -3},
                       {"note": "bell\x07"}, {"distance_reference": "moon"}, {"alternatives": "many"}):
            yield Candidate(**{**good, **change})


def test_every_candidate_is_checked_completely_and_a_bad_one_dropped_alone(seeded_db_file, tmp_path):
    from tracker.store import TrackerDB

    lookups = Lookups.from_db(TrackerDB(seeded_db_file))
    candidates, failures = run_extractors(Article(text="text", published="2016-10-24"), [Sloppy()], lookups)
    assert len(candidates) == 1 and candidates[0].date == "2016-10-20"
    assert len(failures) == 16 and all(f.startswith("Extractor 'sloppy' candidate ") for f in failures)


class Busy(Extractor):
    extractor_id = "busy"
    calls = 0

    def extract(self, article, lookups):
        Busy.calls += 1
        time.sleep(3)
        return []


def test_an_extractor_past_its_time_twice_is_skipped_for_the_rest_of_the_batch(seeded_db_file):
    from tracker.store import TrackerDB

    lookups = Lookups.from_db(TrackerDB(seeded_db_file))
    timeouts, messages = {}, []
    start = time.perf_counter()
    for _ in range(5):
        _, failures = run_extractors(Article(text="text"), [Busy()], lookups, timeout=0.2, timeouts=timeouts)
        messages += failures
    assert Busy.calls == 2 and time.perf_counter() - start < 2
    assert sum("skipped" in m for m in messages) == 3


def test_a_plugin_cannot_reach_the_database_through_the_api():
    # Extractors get an Article and in-memory Lookups; neither holds a connection.
    lookups = Lookups(places={}, spellings=[], forces={}, aliases=[])
    assert not any("conn" in name or "tdb" in name for name in vars(lookups))


DROP_IN = '''
from tracker import Candidate, Extractor, hookimpl

class Shouting(Extractor):
    extractor_id = "shouting"
    def extract(self, article, lookups):
        for word in article.text.split():
            place = lookups.locality(word.strip(".,!"))
            if place and word.isupper():
                yield Candidate(locality=place.name, force="CTS", status="captured", quote=word,
                                date="2016-10-20", date_earliest="2016-10-20", date_precision="day",
                                locality_id=place.id, force_id=lookups.force("CTS").id)

@hookimpl
def register_extractors(register):
    register(Shouting())
'''


def test_drop_in_plugin_file(cli, tmp_path):
    plugins_dir = tmp_path / "myplugins"
    plugins_dir.mkdir()
    (plugins_dir / "shouting.py").write_text(DROP_IN)
    try:
        listed = cli("plugins", "--plugins-dir", str(plugins_dir), db=False)
        assert json.loads(listed.output) == [{"name": "plugins/shouting.py", "hooks": ["register_extractors"]}]
        article = tmp_path / "a.txt"
        article.write_text("Troops entered BARTELLA today.")
        result = cli("extract", str(article), "--extractor", "shouting", "--plugins-dir", str(plugins_dir),
                     "--published", "2016-10-21", "--json")
        assert result.exit_code == 0, result.output
        assert [c["locality"] for c in json.loads(result.output)["candidates"]] == ["Bartella"]
    finally:
        pm.unregister(name="plugins/shouting.py")


def test_unknown_extractor_lists_the_loaded_ones(cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Nothing here.")
    result = cli("extract", str(article), "--extractor", "nope")
    assert result.exit_code == 2 and "Unknown extractor 'nope': loaded extractors are news" in result.output


@pytest.fixture(scope="module")
def example_package(tmp_path_factory):
    """The example third-party package, pip-installed into a folder of its own."""
    target = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
         str(ROOT / "plugins" / "tracker-example-extractor")],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        pytest.fail(result.stderr[-2000:])
    return target


def run_tracker(args, site, **env):
    environment = {key: value for key, value in os.environ.items() if key != "TRACKER_LOAD_PLUGINS"}
    environment.update({"PYTHONPATH": str(site), **env})
    return subprocess.run([sys.executable, "-m", "tracker", *args], capture_output=True, text=True, env=environment,
                          cwd=site)


def test_installed_package_is_seen_by_plugins_and_extract(example_package, db_path, tmp_path):
    listed = run_tracker(["plugins"], example_package)
    assert {"name": "sitrep", "hooks": ["register_extractors"], "version": "0.1.0"} in json.loads(listed.stdout)
    report = tmp_path / "sitrep.txt"
    report.write_text("Daily report\nCONTROL: Bashiqah | peshmerga | captured | 2016-11-07\nNothing else.\n")
    result = run_tracker(["extract", str(report), "--extractor", "sitrep", "--json", "--db", str(db_path)], example_package)
    assert result.returncode == 0, result.stderr
    candidates = json.loads(result.stdout)["candidates"]
    assert [(c["locality"], c["force"], c["extractor"]) for c in candidates] == [("Bashiqah", "Peshmerga", "sitrep")]


@pytest.mark.parametrize("setting,expected", [(None, True), ("", False), ("tracker-example-extractor", True),
                                              ("some-other-plugin", False)])
def test_tracker_load_plugins_modes(example_package, setting, expected):
    env = {} if setting is None else {"TRACKER_LOAD_PLUGINS": setting}
    result = run_tracker(["plugins"], example_package, **env)
    names = [p["name"] for p in json.loads(result.stdout)]
    assert ("sitrep" in names) == expected
    if setting == "some-other-plugin":
        assert "not installed" in result.stderr


def test_load_plugins_is_idempotent():
    from tracker.plugins import load_plugins

    load_plugins()
    before = len(pm.get_plugins())
    load_plugins()
    assert len(pm.get_plugins()) == before
