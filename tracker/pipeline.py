"""From files to the review queue: load articles, run the extractors, store their candidates."""

from pathlib import Path

from .errors import InvalidInput, TrackerError
from .extraction import Lookups, get_extractors, get_loaders, run_extractors
from .extractors.textdates import find_published


def choose_extractors(name=None, plugins_dir=None) -> dict:
    extractors = get_extractors(plugins_dir)
    if name is None:
        return extractors
    if name not in extractors:
        raise InvalidInput(f"Unknown extractor {name!r}: loaded extractors are {', '.join(sorted(extractors)) or 'none'}")
    return {name: extractors[name]}


def iter_articles(paths, plugins_dir=None):
    """(path, [Article], None) per readable file, (path, [], message) per unreadable one; directories are walked."""
    loaders = get_loaders(plugins_dir)
    by_suffix = {suffix: load for _, suffixes, load in loaders for suffix in suffixes}
    for given in paths:
        given = Path(given)
        if not given.exists():
            yield given, [], f"{given}: no such file or directory"
            continue
        files = sorted(p for p in given.rglob("*") if p.is_file()) if given.is_dir() else [given]
        for path in files:
            load = by_suffix.get(path.suffix.lower())
            if load is None:
                if given.is_dir():
                    continue  # other files in a folder of articles are not articles
                yield path, [], f"{path}: no loader for {path.suffix or 'files without a suffix'} (known: {', '.join(sorted(by_suffix))})"
                continue
            try:
                yield path, load(path), None
            except TrackerError as error:
                yield path, [], str(error)
            except (OSError, UnicodeError, ValueError) as error:
                yield path, [], f"{path}: {error}"


def extract_paths(tdb, paths, *, extractor=None, published=None, url=None, publisher=None, title=None,
                  plugins_dir=None, timeout=10.0) -> dict:
    """Extract every article under `paths` into the review queue. Nothing becomes an event here."""
    extractors = choose_extractors(extractor, plugins_dir)
    lookups = Lookups.from_db(tdb)
    report = {"articles": 0, "candidates": [], "new": 0, "problems": []}
    for path, articles, problem in iter_articles(paths, plugins_dir):
        if problem:
            report["problems"].append(problem)
            continue
        for article in articles:
            article.published = published or article.published or _published(article)
            article.url = url or article.url
            article.publisher = publisher or article.publisher
            article.title = title or article.title
            candidates, failures = run_extractors(article, extractors.values(), lookups, timeout)
            report["problems"] += [f"{article.path}: {failure}" for failure in failures]
            stored = tdb.add_candidates(article, candidates)
            report["articles"] += 1
            for candidate, (candidate_id, new) in zip(candidates, stored):
                report["new"] += new
                report["candidates"].append({"id": candidate_id, "new": new, "article": article.path,
                                             "published": article.published, **candidate.as_dict()})
            if article.published is None and candidates:
                report["problems"].append(f"{article.path}: no publication date found; candidates have no date "
                                          "(give --published, or accept them with --date)")
    return report


def _published(article):
    date, _ = find_published(article.text)
    return date.isoformat() if date else None
