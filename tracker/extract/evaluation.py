"""Precision, recall and F1 of extractors against hand labels, overall and per theatre.

Two layouts are read:
- a labelled folder as ../shared/devset has it: `labels.csv` (article_file, locality, new_controller, status,
  event_date, ...) beside `articles/`, each article a header (url:, publisher:, date published:, title:), a blank
  line, then the body;
- the project's own: a labels CSV (article, locality, controller, status, date[, published]) and a folder.

A candidate matches a label when the article, the place and the kind of change agree: places compare by
name folded (case, accents, apostrophes, the Arabic article, words such as "village"), through the
gazetteer's spellings to one name; changes compare by class (taken: captured, withdrawn, uprising;
contested: entered, contested; encircled; lost). Dates are scored apart: exact when the candidate's day is the
label's. A theatre is the campaign whose region holds an article's places, else their country.
"""

import csv
import re
import unicodedata
from pathlib import Path

from ..model.errors import InvalidInput
from .model import Article, Lookups
from .pipeline import article_files, iter_articles
from .run import run_extractors

CLASSES = {"captured": "taken", "withdrawn": "taken", "uprising": "taken", "entered": "contested",
           "contested": "contested", "encircled": "encircled", "lost": "lost"}
PLACE_WORDS = re.compile(r"\b(?:village|villages|town|city|district|neighbou?rhood|of|the)\b")
DEVSET = ("article_file", "locality", "status", "event_date")
PROJECT = ("article", "locality", "controller", "status", "date")


def fold(name) -> str:
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\(.*?\)", " ", text)
    text = re.sub(r"['`\u2019\u2018]", "", text)
    text = re.sub(r"\b(?:al|el|ad|as|ar|an|at|az)[- ]", "", text)
    text = PLACE_WORDS.sub(" ", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def status_class(status) -> str:
    return CLASSES.get((status or "").strip().lower(), (status or "").strip().lower())


def read_labels(path: Path) -> tuple:
    """(layout, [label]) where a label is {article, locality, status, date}."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        if all(c in columns for c in DEVSET):
            layout, names = "devset", ("article_file", "event_date")
        elif all(c in columns for c in PROJECT):
            layout, names = "project", ("article", "date")
        else:
            raise InvalidInput(f"{path}: not a labels file: give article_file, locality, status, event_date "
                               "(../shared/devset) or article, locality, controller, status, date")
        labels = [{"article": row[names[0]], "locality": row["locality"], "status": row["status"],
                   "date": row[names[1]] or None, "published": row.get("published") or None} for row in reader]
    return layout, labels


def read_article(path: Path) -> Article:
    """A dev-set article: header lines, a blank line, the body; the publication date from the header or name."""
    text = path.read_text(encoding="utf-8")
    header, _, body = text.partition("\n\n")
    fields = dict(re.findall(r"^([a-z ]+):\s*(.*)$", header, re.M))
    date = re.search(r"(\d{4}-\d\d(?:-\d\d)?)", fields.get("date published", "")) or \
        re.search(r"_(\d{4}-\d\d(?:-\d\d)?)_", path.name)
    published = date.group(1) if date else None
    if published and len(published) == 7:
        published += "-15"  # a month: its middle
    url = fields.get("url", "").strip() or None
    return Article(text=body, url=url, publisher=fields.get("publisher"), published=published, path=str(path))


def evaluate(tdb, labels_path, articles_dir, extractors) -> dict:
    lookups = Lookups.from_db(tdb)
    labels_path = Path(labels_path)
    if labels_path.is_dir():
        articles_dir = articles_dir or labels_path / "articles"
        labels_path = labels_path / "labels.csv"
    if not labels_path.is_file():
        raise InvalidInput(f"No labels file at {labels_path}: give a labels CSV, or a folder holding labels.csv")
    if articles_dir is None or not Path(articles_dir).is_dir():
        raise InvalidInput(f"No articles folder at {articles_dir}: give the folder of the labelled articles")
    layout, labels = read_labels(labels_path)
    canonical = _canonical(tdb)
    norm = lambda name: canonical.get(fold(name), fold(name))  # noqa: E731
    published = {label["article"]: label["published"] for label in labels if label["published"]}
    articles = {}
    problems = []
    if layout == "devset":
        for path in sorted(Path(articles_dir).glob("*.txt")):
            articles[path.name] = read_article(path)
    else:
        files, problems = article_files([articles_dir])
        for path, loaded, problem in iter_articles(files):
            if problem:
                problems.append(problem)
            for article in loaded:
                article.published = published.get(Path(path).name) or article.published
                articles[Path(path).name] = article
    found = {}
    places_by_article = {}
    for name, article in articles.items():
        if article.published is None:
            from .textdates import find_published

            day, _ = find_published(article.text)
            article.published = day.isoformat() if day else None
        candidates, failures = run_extractors(article, extractors.values(), lookups)
        problems += [f"{name}: {f}" for f in failures if "no English text found" not in f]
        places_by_article[name] = candidates
        for c in candidates:
            found.setdefault((name, norm(c.locality), status_class(c.status)), c)
    wanted = {}
    for label in labels:
        wanted.setdefault((label["article"], norm(label["locality"]), status_class(label["status"])), label)
    theatres = {name: theatre_of(articles[name], cands, lookups) for name, cands in places_by_article.items()}
    for label in labels:
        theatres.setdefault(label["article"], "unknown")
    result = _scores(found, wanted)
    result["theatres"] = {}
    for theatre in sorted(set(theatres.values())):
        names = {n for n, t in theatres.items() if t == theatre}
        result["theatres"][theatre] = _scores({k: v for k, v in found.items() if k[0] in names},
                                              {k: v for k, v in wanted.items() if k[0] in names}, brief=True)
        result["theatres"][theatre]["articles"] = len(names)
    result["problems"] = problems
    result["layout"] = layout
    return result


def _scores(found, wanted, brief=False) -> dict:
    hits = [k for k in found if k in wanted]
    precision = len(hits) / len(found) if found else (1.0 if not wanted else 0.0)
    recall = len(hits) / len(wanted) if wanted else 1.0
    dated = [k for k in hits if wanted[k]["date"]]
    exact = sum(1 for k in dated if found[k].date == wanted[k]["date"])
    in_range = sum(1 for k in dated if (found[k].date_earliest or found[k].date or "") <= wanted[k]["date"] <= (found[k].date or ""))
    result = {
        "labels": len(wanted), "candidates": len(found), "true_positives": len(hits),
        "false_positives": len(found) - len(hits), "false_negatives": len(wanted) - len(hits),
        "precision": round(precision, 3), "recall": round(recall, 3),
        "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
        "dates_exact": f"{exact}/{len(dated)}", "dates_in_range": f"{in_range}/{len(dated)}",
        "date_exact_share": round(exact / len(dated), 3) if dated else None,
    }
    if not brief:
        result["missed"] = [f"{k[0]}: {wanted[k]['locality']} {wanted[k]['status']}" for k in sorted(set(wanted) - set(found))]
        result["spurious"] = [f"{k[0]}: {found[k].locality} {found[k].status}" for k in sorted(set(found) - set(wanted))]
        result["wrong_dates"] = [f"{k[0]}: {wanted[k]['locality']} {found[k].date} (label {wanted[k]['date']})"
                                 for k in dated if found[k].date != wanted[k]["date"]]
    return result


def theatre_of(article, candidates, lookups) -> str:
    """The campaign whose region holds most of an article's places, else the country most of them are in;
    with no place, the country the article names most (by name or demonym: "Syrian", "Ukraine")."""
    from .news.vocabulary import vocabulary
    from .resolve import campaign_of

    votes = {}
    for c in candidates:
        place = lookups.places.get(c.locality_id) if c.locality_id else None
        point = (place.latitude, place.longitude) if place and place.latitude is not None else \
            (c.latitude, c.longitude) if c.latitude is not None else None
        campaign, km = campaign_of(point, lookups.campaigns) if point else (None, None)
        key = campaign if campaign and km is None else _country(c, point) if point else None
        if key and key != "unknown":
            votes[key] = votes.get(key, 0) + 1
    if votes:
        return max(votes.items(), key=lambda item: item[1])[0]
    words = vocabulary()
    countries = {}
    for word in re.findall(r"[A-Z][\w\-'’.]+", article.text):
        country = words.demonyms.get(word) or (word if word in words.countries else None)
        if country:
            countries[country] = countries.get(country, 0) + 1
    return max(countries.items(), key=lambda item: item[1])[0] if countries else "unknown"


def _country(candidate, point) -> str:
    """The country of a candidate's place: the world gazetteer's place of that name nearest its point."""
    from .resolve import _countries
    from ..store.world import world

    found = world().lookup(candidate.locality, limit=20)
    near = sorted(found, key=lambda o: abs(o.latitude - point[0]) + abs(o.longitude - point[1]))
    close = near and abs(near[0].latitude - point[0]) + abs(near[0].longitude - point[1]) < 0.5
    names = {}
    for name, iso in _countries().items():
        names.setdefault(iso, name)  # the country's own name first, not a region's
    return names.get(near[0].country, near[0].country) if close else "unknown"


def _canonical(tdb) -> dict:
    """folded spelling -> folded primary name, so 'Mosul airport' and 'Mosul International Airport' meet."""
    tables = tdb.lookup_tables()
    rows = {r["id"]: r for r in tables["localities"]}
    canonical = {}
    for spelling, locality_id in tables["spellings"]:
        row = rows[locality_id]
        primary = rows.get(row["same_as"], row) if row["same_as"] else row
        canonical.setdefault(fold(spelling), fold(primary["name"]))
    return canonical
