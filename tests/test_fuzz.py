"""A semantic fuzz suite: hypothesis drives random sequences of add / retract / supersede / locality add /
spelling / alias / import / extract / review against a real database file, and after every step checks:

- every event either counts or has exactly one recorded reason not to (a retraction, or a counting correction);
- no spelling resolves to two places without an ambiguity error, and the seed spellings keep their places;
- PRAGMA integrity_check and foreign_key_check are clean;
- nothing raises but the tracker's own one-line errors (no traceback);
- no file beside the database changes except the named outputs (reject files).

FUZZ_SEQUENCES sets how many sequences run (1,000 here; `python benchmarks/run.py bench_fuzz` runs 10,000).
"""

import hashlib
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from tracker.extract.model import Article
from tracker.interop.acled import import_acled
from tracker.interop.acled_export import COLUMNS
from tracker.model.dates import parse_event_date
from tracker.model.errors import AmbiguousLocality, TrackerError
from tracker.record import review
from tracker.record.events import add_event, retract
from tracker.record.forces import add_force
from tracker.record.localities import add_locality, add_spellings
from tracker.store import TrackerDB

SEQUENCES = int(os.environ.get("FUZZ_SEQUENCES", "1000"))
CHECKS = os.environ.get("FUZZ_CHECKS", "1") != "0"  # 0: the benchmark's baseline, the same steps unchecked
PLACES = ["Bartella", "Bashiqah", "Hamdaniyah", "Qaraqosh", "Gogjali", "Mosul", "Teskhrab", "Fadiliya",
          "New Hamlet", "New hamlet", "Zero\u200bwidth place", "<img src=x onerror=alert(1)>", "   ", "#1", "#999999"]
FORCES = ["CTS", "IS", "peshmerga", "Iraqi Army", "Federal Police", "Wagner", "New Militia", ""]
DATES = ["2016-10-20", "2016-11-01", "2016-10-17/2016-10-25", "2016-12", "2017-01-24", "9999-12-31", "2014-06-10",
         "2016-02-30", "soon", ""]
STATUSES = ["captured", "entered", "encircled", "contested", "lost", "uprising", "withdrawn", "liberated"]
ACTORS = ["Military Forces of Iraq (2014-2022) Counter Terrorism Service", "Islamic State (Iraq)", "Taliban",
          "Police Forces of Iraq (2014-)", "Military Forces of Iraq (2022-) Peshmerga"]
SUBS = ["Government regains territory", "Non-state actor overtakes territory", "Armed clash",
        "Non-violent transfer of territory"]
SEED_SPELLINGS = {"Bashiqah": "Bashiqa", "Ba'shiqa": "Bashiqa", "Hamdaniyah": "Qaraqosh", "Bartela": "Bartella"}
SEED_DB = {}


@pytest.fixture(scope="module")
def seed_copy_source(seeded_db_file):
    SEED_DB["path"] = seeded_db_file
    return seeded_db_file


class TrackerSequence(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="fuzz-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None))
        self.db_path = self.folder / "tracker.db"
        shutil.copy(SEED_DB["path"], self.db_path)
        (self.folder / "notes.csv").write_text("the user's own notes\n")
        self.tdb = TrackerDB(self.db_path)
        self.spellings = set(SEED_SPELLINGS)
        self.outputs = set()
        self.counter = 0

    def teardown(self):
        self.tdb.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # Every step: only the tracker's own errors, and no file beside the database changes but named outputs.
    def step(self, operation, *outputs):
        before = self.files()
        try:
            operation()
        except TrackerError as error:
            assert "\n" not in str(error) and str(error)
        self.outputs |= {Path(o) for o in outputs if o}
        after = self.files()
        changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
        assert changed <= self.outputs | {p for p in after if p.name.endswith(".rejects.csv") or ".rejects-" in p.name}

    def files(self):
        return {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in self.folder.iterdir()
                if path.is_file() and not path.name.startswith("tracker.db") and path.suffix != ".input"}

    @rule(place=st.sampled_from(PLACES), force=st.sampled_from(FORCES), date=st.sampled_from(DATES),
          status=st.sampled_from(STATUSES), corrects=st.none() | st.integers(1, 60), sourced=st.booleans(),
          any_date=st.booleans())
    def add(self, place, force, date, status, corrects, sourced, any_date):
        def operation():
            add_event(self.tdb, locality=place, force=force, date=parse_event_date(date), status=status,
                      supersedes=corrects, source_url="https://example.org/r" if sourced else None,
                      allow_any_date=any_date)
        self.step(operation)

    @rule(event_id=st.integers(1, 60), reason=st.sampled_from(["misread", "", "  "]))
    def retract(self, event_id, reason):
        self.step(lambda: retract(self.tdb, event_id, reason))

    @rule(name=st.sampled_from(PLACES + ["Qaryat Fuzz", "Hamdaniyah (elsewhere)"]),
          alt=st.sampled_from([None, "Bashiqah", "Hamdaniyah", "Fuzz Alt", "Zero\u200bwidth place"]),
          distinct=st.sampled_from([None, "another village of that name"]),
          lat=st.sampled_from([36.4, 91.0, 36.1]), lon=st.sampled_from([43.2, 43.5]))
    def locality(self, name, alt, distinct, lat, lon):
        self.spellings |= {s for s in (name, alt) if s and s.strip()}
        self.step(lambda: add_locality(self.tdb, name, latitude=lat, longitude=lon, alt_names=[alt] if alt else (),
                                       distinct=distinct))

    @rule(locality_id=st.integers(1, 900), spelling=st.sampled_from(["Bashiqah", "Fuzz Spelling", "Qaraqosh", "x\x00y"]))
    def spelling(self, locality_id, spelling):
        self.spellings.add(spelling)
        self.step(lambda: add_spellings(self.tdb, locality_id, [spelling]))

    @rule(name=st.sampled_from(["New Militia", "Syrian Democratic Forces", "Islamic State"]),
          side=st.sampled_from(["attacker", "defender", "neutral"]), alias=st.sampled_from(["NM", "IS", "SDF", "CTS"]))
    def alias(self, name, side, alias):
        self.step(lambda: add_force(self.tdb, name, side=side, aliases=[alias]))

    @rule(rows=st.lists(st.tuples(st.integers(1, 4), st.sampled_from(SUBS), st.sampled_from(ACTORS),
                                  st.sampled_from(["Bartella", "Bashiqa", "Fuzzville"]),
                                  st.sampled_from(["20 October 2016", "31 December 9999", "2016-11-02", "bad date"]),
                                  st.integers(1, 3)), min_size=1, max_size=4),
          skip_bad=st.booleans(), add_locations=st.booleans(), add_forces=st.booleans(),
          reject=st.sampled_from([None, "notes.csv", "tracker.db", "fresh.csv"]))
    def import_file(self, rows, skip_bad, add_locations, add_forces, reject):
        self.counter += 1
        path = self.folder / f"acled{self.counter}.input"
        lines = [",".join(COLUMNS)]
        for n, sub, actor, location, date, version in rows:
            cells = {c: "" for c in COLUMNS}
            cells.update(event_id_cnty=f"IRQ{n}", event_date=f'"{date}"', time_precision="1", event_type="Battles",
                         sub_event_type=sub, actor1=actor, actor2="Islamic State (Iraq)", location=location,
                         latitude="36.35", longitude="43.38", notes="invented", timestamp=str(1600000000 + version))
            lines.append(",".join(cells[c] for c in COLUMNS))
        path.write_text("\n".join(lines) + "\n")
        reject_path = self.folder / reject if reject else None
        if reject == "fresh.csv":
            reject_path = self.folder / f"fresh{self.counter}.csv"
        self.step(lambda: import_acled(self.tdb, path, skip_bad=skip_bad, add_locations=add_locations,
                                       add_forces=add_forces, reject_path=reject_path),
                  reject_path if reject == "fresh.csv" else None)

    @rule(text=st.sampled_from([
        "Iraqi forces recaptured Bartella on Thursday, officers said.",
        "Peshmerga fighters entered Bashiqa on Monday. IS militants withdrew from Fadiliya.",
        "The army aims to retake Gogjali next week.",
        "<script>alert(1)</script> seized Teskhrab",
    ]), published=st.sampled_from(["2016-10-24", "2016-11-08", None]))
    def extract(self, text, published):
        from tracker.extract.model import Lookups
        from tracker.extract.run import get_extractors, run_extractors

        def operation():
            article = Article(text=text, published=published, url=f"https://example.org/{self.counter}")
            candidates, failures = run_extractors(article, [get_extractors()["news"]], Lookups.from_db(self.tdb))
            assert all("no English text found" in f for f in failures), failures
            self.tdb.add_candidates(article, candidates)
        self.counter += 1
        self.step(operation)

    @rule(candidate_id=st.integers(1, 8), accept=st.booleans(), any_date=st.booleans())
    def decide(self, candidate_id, accept, any_date):
        if accept:
            self.step(lambda: review.accept(self.tdb, candidate_id, allow_any_date=any_date))
        else:
            self.step(lambda: review.reject(self.tdb, candidate_id, reason="fuzz"))

    @invariant()
    def every_event_counts_or_has_exactly_one_reason(self):
        if not CHECKS:
            return
        rows = self.tdb.query(
            """SELECT e.id, d.counts, (SELECT count(*) FROM retractions r WHERE r.event_id = e.id) AS retracted,
                      (SELECT count(*) FROM events c WHERE c.supersedes = e.id
                         AND c.id NOT IN (SELECT event_id FROM retractions)) AS corrected
               FROM events e JOIN event_details d ON d.id = e.id""")
        for row in rows:
            reasons = row["retracted"] + (1 if row["corrected"] else 0)
            assert (row["counts"] == 1 and reasons == 0) or (row["counts"] == 0 and reasons == 1), row

    @invariant()
    def no_spelling_silently_means_two_places(self):
        if not CHECKS:
            return
        for spelling, place in SEED_SPELLINGS.items():
            try:
                assert self.tdb.resolve_locality(spelling)["name"] == place
            except AmbiguousLocality:
                assert self.tdb.distinct_among([r["id"] for r in self.tdb.localities_named(spelling)])
        for spelling in self.spellings:
            try:
                first = self.tdb.resolve_locality(spelling)
            except TrackerError:
                continue
            assert self.tdb.resolve_locality(spelling)["id"] == first["id"]

    @invariant()
    def the_file_is_sound(self):
        if not CHECKS:
            return
        conn = sqlite3.connect(self.db_path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            conn.close()


def test_random_sequences_keep_every_invariant(seed_copy_source):
    run_state_machine_as_test(TrackerSequence, settings=settings(
        max_examples=SEQUENCES, stateful_step_count=6, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
