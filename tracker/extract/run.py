"""Running extractors: each isolated, so one that raises, hangs or returns garbage is reported by name
while the others' candidates are kept; and finding the extractors and loaders plugins register."""

import threading

from ..model.vocabulary import PRECISIONS, STATUSES
from .model import Article, ArticleSkipped, Candidate, Lookups


class ExtractorFailure(Exception):
    """An extractor raised, timed out or returned something that is not a Candidate."""


TEXT_LIMITS = {"locality": 200, "force": 200, "quote": 4000, "note": 1000, "axis": 40, "place_source": 300,
               "resolution": 200, "side": 20, "campaign": 60}


def validate(candidate, extractor_id, lookups: Lookups) -> Candidate:
    """The candidate, checked completely before it can be stored; ExtractorFailure says what is wrong."""
    if not isinstance(candidate, Candidate):
        raise ExtractorFailure(f"returned {type(candidate).__name__}, not a Candidate")
    for name in ("locality", "force", "status", "quote"):
        value = getattr(candidate, name)
        if not isinstance(value, str) or not value.strip():
            raise ExtractorFailure(f"returned a Candidate whose {name} is {str(value)[:40]!r}")
    for name, longest in TEXT_LIMITS.items():
        value = getattr(candidate, name)
        if value is not None and (not isinstance(value, str) or len(value) > longest
                                  or any(ord(ch) < 32 and ch not in "\n\r\t" for ch in value)):
            raise ExtractorFailure(f"returned a {name} that is not text of at most {longest} printable characters")
    if candidate.status not in STATUSES:
        raise ExtractorFailure(f"returned status {candidate.status[:30]!r}; statuses are {', '.join(STATUSES)}")
    if not _number(candidate.confidence, 0, 1):
        raise ExtractorFailure(f"returned confidence {candidate.confidence!r}; give a number from 0 to 1")
    for name, low, high in (("distance_km", 0, 20_000), ("latitude", -90, 90), ("longitude", -180, 180)):
        if getattr(candidate, name) is not None and not _number(getattr(candidate, name), low, high):
            raise ExtractorFailure(f"returned {name} {getattr(candidate, name)!r}; give a number from {low} to {high}")
    if (candidate.latitude is None) != (candidate.longitude is None):
        raise ExtractorFailure("returned a latitude without a longitude (or the reverse)")
    if candidate.distance_reference not in (None, "outskirts", "centre"):
        raise ExtractorFailure("returned a distance_reference other than outskirts or centre")
    _check_dates(candidate)
    if candidate.locality_id is not None and candidate.locality_id not in lookups.places:
        raise ExtractorFailure(f"returned locality_id {candidate.locality_id!r}, which no gazetteer place has")
    if candidate.force_id is not None and candidate.force_id not in lookups.forces:
        raise ExtractorFailure(f"returned force_id {candidate.force_id!r}, which no force has")
    for name in ("quote_start", "quote_end"):
        value = getattr(candidate, name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise ExtractorFailure(f"returned {name} {value!r}; give a character offset")
    if not isinstance(candidate.alternatives, list) or len(candidate.alternatives) > 20:
        raise ExtractorFailure("returned alternatives that are not a list of at most 20 places")
    candidate.extractor = extractor_id
    return candidate


def _number(value, low, high) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value and low <= value <= high


def _check_dates(candidate):
    import datetime as dt

    for name in ("date", "date_earliest"):
        value = getattr(candidate, name)
        if value is None:
            continue
        try:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError
            dt.date.fromisoformat(value)
        except ValueError:
            raise ExtractorFailure(f"returned {name} {str(value)[:20]!r}; give YYYY-MM-DD") from None
    if candidate.date is None and (candidate.date_earliest or candidate.date_precision):
        raise ExtractorFailure("returned a date_earliest or date_precision without a date")
    if candidate.date and candidate.date_earliest and candidate.date_earliest > candidate.date:
        raise ExtractorFailure("returned date_earliest after date")
    if candidate.date and candidate.date_precision not in PRECISIONS:
        raise ExtractorFailure(f"returned date_precision {str(candidate.date_precision)[:20]!r}; use {', '.join(PRECISIONS)}")


def run_extractors(article: Article, extractors, lookups: Lookups, timeout: float = 10.0, timeouts=None):
    """Run each extractor on the article; return (candidates, failures) where failures are one-line messages.

    Each invalid candidate is dropped and reported; the same extractor's valid ones are kept. timeouts (a
    dict kept across a batch of articles) counts each extractor's time-outs: after two it is skipped.
    """
    candidates, failures = [], []
    timeouts = {} if timeouts is None else timeouts
    for extractor in extractors:
        name = getattr(extractor, "extractor_id", type(extractor).__name__)
        if timeouts.get(name, 0) >= 2:
            failures.append(f"Extractor {name!r} skipped: it ran past {timeout:g} s twice in this batch")
            continue
        outcome = {}

        def work():
            try:
                items = extractor.extract(article, lookups) or []
                outcome["items"] = [item for _, item in zip(range(10_000), items)]  # a runaway generator stops
            except ArticleSkipped as skipped:
                outcome["skipped"] = str(skipped)
            except BaseException as error:  # any failure of third-party code is reported, not raised
                outcome["error"] = f"{type(error).__name__}: {error}"

        if not _in_worker(name, work, timeout):
            timeouts[name] = timeouts.get(name, 0) + 1
            failures.append(f"Extractor {name!r} did not finish within {timeout:g} s; its results were dropped")
            continue
        if "skipped" in outcome:
            failures.append(f"{outcome['skipped'][:200]} (extractor {name!r} skipped the article)")
            continue
        if "error" in outcome:
            failures.append(f"Extractor {name!r} failed: {outcome['error'][:300]}")
            continue
        for n, item in enumerate(outcome["items"]):
            try:
                candidates.append(validate(item, name, lookups))
            except ExtractorFailure as error:
                failures.append(f"Extractor {name!r} candidate {n + 1} dropped: it {error}")
    return candidates, failures


_WORKERS = {}  # extractor name -> its worker thread's queue; a thread per article would cost more than most extracting
_WORKERS_LOCK = threading.Lock()


def _in_worker(name, work, timeout) -> bool:
    """Run work() in the extractor's own daemon thread; False if it did not finish in time (that thread is then
    abandoned, still busy, and the next call starts a fresh one)."""
    import queue

    import os

    key = (os.getpid(), name)  # a forked worker process has none of its parent's threads
    with _WORKERS_LOCK:
        jobs = _WORKERS.get(key)
        if jobs is None:
            jobs = _WORKERS[key] = queue.SimpleQueue()
            threading.Thread(target=_serve, args=(jobs,), daemon=True, name=f"extractor-{name}").start()
    done = threading.Event()
    jobs.put((work, done))
    if done.wait(timeout):
        return True
    with _WORKERS_LOCK:
        if _WORKERS.get(key) is jobs:
            del _WORKERS[key]
        jobs.put(None)  # when the busy thread ever returns, it stops instead of taking more work
    return False


def _serve(jobs):
    while True:
        job = jobs.get()
        if job is None:
            return
        work, done = job
        try:
            work()
        finally:
            done.set()


def get_extractors(plugins_dir=None) -> dict:
    """extractor_id -> Extractor, from every loaded plugin."""
    from ..plugins import load_plugins, pm

    load_plugins(plugins_dir)
    found = {}

    def register(extractor):
        name = getattr(extractor, "extractor_id", None) or type(extractor).__name__
        while name in found:
            name += "_1"
        found[name] = extractor

    pm.hook.register_extractors(register=register)
    return found


def get_loaders(plugins_dir=None) -> list:
    """[(name, suffixes, load)] from every loaded plugin."""
    from ..plugins import load_plugins, pm

    load_plugins(plugins_dir)
    found = []
    pm.hook.register_article_loaders(register=lambda name, suffixes, load: found.append((name, tuple(suffixes), load)))
    return found
