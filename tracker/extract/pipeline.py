"""From files to the review queue: load articles, run the extractors, store their candidates."""

import functools
from pathlib import Path

from ..model.errors import InvalidInput, TrackerError
from .model import Lookups
from .run import get_extractors, get_loaders, run_extractors
from .textdates import find_published


def choose_extractors(name=None, plugins_dir=None) -> dict:
    extractors = get_extractors(plugins_dir)
    if name is None:
        return extractors
    if name not in extractors:
        raise InvalidInput(f"Unknown extractor {name!r}: loaded extractors are {', '.join(sorted(extractors)) or 'none'}")
    return {name: extractors[name]}


def iter_articles(files, plugins_dir=None):
    """(path, [Article], None) per readable file, (path, [], message) per unreadable one (see article_files)."""
    by_suffix = {suffix: load for _, suffixes, load in get_loaders(plugins_dir) for suffix in suffixes}
    for path in map(Path, files):
        load = by_suffix.get(path.suffix.lower())
        if load is None:
            yield path, [], f"{path}: no loader for {path.suffix or 'files without a suffix'} (known: {', '.join(sorted(by_suffix))})"
            continue
        try:
            yield path, load(path), None
        except TrackerError as error:
            yield path, [], str(error)
        except (OSError, UnicodeError, ValueError) as error:
            yield path, [], f"{path}: {error}"


def article_files(paths, plugins_dir=None):
    """The files to read (folders walked, files without a loader skipped) and one-line problems."""
    loaders = get_loaders(plugins_dir)
    suffixes = {suffix for _, known, _ in loaders for suffix in known}
    files, problems = [], []
    for given in map(Path, paths):
        if not given.exists():
            problems.append(f"{given}: no such file or directory")
        elif given.is_dir():
            files += sorted(p for p in given.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
        else:
            files.append(given)  # a named file with an unknown suffix gets its message from iter_articles
    return files, problems


def extract_files(files, *, extractor=None, plugins_dir=None, lookups=None, overrides=None, timeout=10.0):
    """Read and extract a batch of files (runs in a worker process or on a Dask worker); no database here."""
    extractors = choose_extractors(extractor, plugins_dir)
    overrides = overrides or {}
    results, timeouts = [], {}
    for path, articles, problem in iter_articles(files, plugins_dir):
        if problem:
            results.append({"problem": problem})
            continue
        for article in articles:
            article.published = overrides.get("published") or article.published or _published(article)
            for field in ("url", "publisher", "title"):
                setattr(article, field, overrides.get(field) or getattr(article, field))
            candidates, failures = run_extractors(article, extractors.values(), lookups, timeout, timeouts)
            results.append({"article": article, "candidates": candidates, "failures": failures})
    return results


BATCH_FILES = 50


def extract_paths(tdb, paths, *, extractor=None, published=None, url=None, publisher=None, title=None,
                  plugins_dir=None, timeout=10.0, workers=1, dask_address=None, campaign=None, progress=None) -> dict:
    """Extract every article under `paths` into the review queue. Nothing becomes an event here.

    Articles are read and extracted by `workers` local processes, or on a Dask cluster; candidates
    come back and this process alone writes them, batch by batch, in the order of the files. Each candidate
    belongs to the campaign whose region holds it, or to `campaign` when given. `progress(done, total)` is
    called with files done.
    """
    choose_extractors(extractor, plugins_dir)  # an unknown name fails here, before any work is sent out
    files, problems = article_files(paths, plugins_dir)
    lookups = Lookups.from_db(tdb, campaign)
    job = functools.partial(extract_files, extractor=extractor, plugins_dir=plugins_dir, lookups=lookups,
                            overrides={"published": published, "url": url, "publisher": publisher, "title": title},
                            timeout=timeout)
    batches = [files[i:i + BATCH_FILES] for i in range(0, len(files), BATCH_FILES)]
    report = {"articles": 0, "candidates": [], "new": 0, "problems": problems}
    done = 0
    for results, batch in zip(_run_batches(job, batches, workers, dask_address), batches):
        done += len(batch)
        if progress:
            progress(done, len(files))
        for result in results:
            if "problem" in result:
                report["problems"].append(result["problem"])
                continue
            article, candidates = result["article"], result["candidates"]
            if campaign:
                for candidate in candidates:
                    candidate.campaign = campaign
            report["problems"] += [f"{article.path}: {failure}" for failure in result["failures"]]
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


def _run_batches(job, batches, workers, dask_address):
    """Each batch's results, in the order of the batches, however they are computed."""
    if dask_address:
        try:
            from distributed import Client
        except ImportError:
            raise InvalidInput("--dask needs dask.distributed: pip install 'frontline[dask]'") from None

        with Client(dask_address) as client:
            futures = client.map(job, batches, pure=False)
            for future in futures:
                yield future.result()
    elif workers > 1 and len(batches) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield from pool.map(job, batches)
    else:
        yield from map(job, batches)


def _published(article):
    date, _ = find_published(article.text)
    return date.isoformat() if date else None
