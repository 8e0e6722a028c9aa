"""Throughput of the bundled news extractor, one core: on 1,000 generated articles of ~5 KB, and on the real
articles of ../shared/devset repeated to 1,000 (skipped where ../shared is absent).

Targets: >= 200 articles/s for the extractor on both; the world gazetteer's memory <= 300 MB resident while
extracting (the process's peak RSS is printed). Also shown: the whole `extract` pipeline with the review-queue
writes, and a baseline in the same run (reading the same files and splitting sentences).
"""

import re
import resource
import shutil
import tempfile
import time
from pathlib import Path

from corpus import generate_articles

from tracker.store import TrackerDB
from tracker.extract.model import Article, Lookups
from tracker.extract.run import get_extractors, run_extractors
from tracker.extract.pipeline import extract_paths
from tracker.record.seeds import load_seeds

COUNT = 1000


def main():
    work = Path(tempfile.mkdtemp(prefix="bench-extract-"))
    try:
        tdb = TrackerDB(work / "tracker.db", create=True)
        load_seeds(tdb)
        places = [p["name"] for p in tdb.mapped_localities() if "(" not in p["name"]]
        corpus = work / "corpus"
        corpus.mkdir()
        for name, text in generate_articles(places, COUNT):
            (corpus / name).write_text(text)
        files = sorted(corpus.glob("*.txt"))
        size = sum(f.stat().st_size for f in files) / len(files)
        lookups = Lookups.from_db(tdb)
        news = get_extractors()["news"]

        start = time.perf_counter()
        for path in files:
            re.split(r"(?<=[.!?])\s+", path.read_text())
        baseline = time.perf_counter() - start

        start = time.perf_counter()
        total = 0
        for path in files:
            candidates, failures = run_extractors(Article(text=path.read_text(), path=str(path)), [news], lookups)
            total += len(candidates)
        elapsed = time.perf_counter() - start

        start = time.perf_counter()
        report = extract_paths(tdb, [corpus], extractor="news")
        pipeline = time.perf_counter() - start
        print(f"{len(files)} articles, {size / 1000:.1f} KB each on average")
        print(f"news extractor: {len(files) / elapsed:.0f} articles/s ({total} candidates), target >= 200")
        print(f"extract pipeline with review-queue writes: {len(files) / pipeline:.0f} articles/s "
              f"({report['new']} candidates queued)")
        print(f"baseline, read and split sentences only: {len(files) / baseline:.0f} articles/s "
              f"(extractor costs {elapsed / baseline:.0f}x that)")
        devset = Path(__file__).resolve().parents[2] / "shared" / "devset" / "articles"
        if devset.is_dir():
            real = [(p.read_text().partition("\n\n")[2], re.search(r"_(\d{4}-\d{2}(?:-\d{2})?)_", p.name).group(1))
                    for p in sorted(devset.glob("*.txt"))]
            articles = [real[n % len(real)] for n in range(COUNT)]
            start = time.perf_counter()
            found = 0
            for text, published in articles:
                published = published if len(published) == 10 else published + "-15"
                candidates, _ = run_extractors(Article(text=text, published=published), [news], lookups)
                found += len(candidates)
            real_elapsed = time.perf_counter() - start
            start = time.perf_counter()
            for text, _ in articles:
                re.split(r"(?<=[.!?])\s+", text)
            real_baseline = time.perf_counter() - start
            print(f"news extractor on the dev set's {len(real)} real articles repeated to {COUNT}: "
                  f"{COUNT / real_elapsed:.0f} articles/s ({found} candidates), target >= 200; baseline (split "
                  f"sentences) {COUNT / real_baseline:.0f}/s")
        else:
            print("dev set not found beside the project (../shared/devset): real-article throughput skipped")
        print(f"peak resident memory of this process after extracting: "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (world gazetteer target <= 300 MB)")
        for workers in (1, 2):
            fresh = TrackerDB(work / f"workers{workers}.db", create=True)
            load_seeds(fresh)
            start = time.perf_counter()
            extract_paths(fresh, [corpus], extractor="news", workers=workers)
            print(f"extract pipeline, {workers} local worker process(es): {len(files) / (time.perf_counter() - start):.0f} articles/s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
