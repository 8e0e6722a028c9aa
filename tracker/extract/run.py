"""Running extractors: each isolated, so one that raises, hangs or returns garbage is reported by name
while the others' candidates are kept; and finding the extractors and loaders plugins register."""

import threading

from ..model.vocabulary import STATUSES
from .model import Article, Candidate, Lookups


class ExtractorFailure(Exception):
    """An extractor raised, timed out or returned something that is not a Candidate."""


def validate(candidate, extractor_id) -> Candidate:
    if not isinstance(candidate, Candidate):
        raise ExtractorFailure(f"returned {type(candidate).__name__}, not a Candidate")
    for name in ("locality", "force", "status", "quote"):
        value = getattr(candidate, name)
        if not isinstance(value, str) or not value.strip():
            raise ExtractorFailure(f"returned a Candidate whose {name} is {value!r}")
    if candidate.status not in STATUSES:
        raise ExtractorFailure(f"returned status {candidate.status!r}; statuses are {', '.join(STATUSES)}")
    if not isinstance(candidate.confidence, (int, float)):
        raise ExtractorFailure("returned a non-numeric confidence")
    candidate.extractor = extractor_id
    return candidate


def run_extractors(article: Article, extractors, lookups: Lookups, timeout: float = 10.0):
    """Run each extractor on the article; return (candidates, failures) where failures are one-line messages."""
    candidates, failures = [], []
    for extractor in extractors:
        name = getattr(extractor, "extractor_id", type(extractor).__name__)
        outcome = {}

        def work():
            try:
                outcome["items"] = list(extractor.extract(article, lookups) or [])
            except BaseException as error:  # any failure of third-party code is reported, not raised
                outcome["error"] = f"{type(error).__name__}: {error}"

        thread = threading.Thread(target=work, daemon=True, name=f"extractor-{name}")
        thread.start()
        thread.join(timeout)
        if thread.is_alive():
            failures.append(f"Extractor {name!r} did not finish within {timeout:g} s; its results were dropped")
            continue
        if "error" in outcome:
            failures.append(f"Extractor {name!r} failed: {outcome['error'][:300]}")
            continue
        try:
            candidates += [validate(c, name) for c in outcome["items"]]
        except ExtractorFailure as error:
            failures.append(f"Extractor {name!r} {error}; its results were dropped")
    return candidates, failures


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
