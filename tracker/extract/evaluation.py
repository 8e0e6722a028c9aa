"""Precision, recall and F1 of extractors against hand labels.

Labels CSV: article, locality, controller, status, date[, published]. A candidate matches a label
when the article, the place, the controller's side and the status agree; dates are scored apart:
'exact' when the candidate's date is the label's, 'in range' when the label's day lies within the
candidate's range (or a day either side of its date).
"""

import csv
import datetime as dt
from pathlib import Path

from ..model.errors import InvalidInput
from .model import Lookups
from .run import run_extractors
from .pipeline import _published, article_files, iter_articles

COLUMNS = ("article", "locality", "controller", "status", "date")


def read_labels(path, lookups):
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InvalidInput(f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(COLUMNS)}")
        labels = []
        for number, row in enumerate(reader, 2):
            place = lookups.locality(row["locality"])
            force = lookups.force(row["controller"])
            if place is None or force is None:
                raise InvalidInput(f"{path}:{number}: unknown locality {row['locality']!r} or controller {row['controller']!r}")
            labels.append({"article": row["article"], "locality_id": place.id, "locality": place.name,
                           "side": force.side, "status": row["status"], "date": row["date"] or None,
                           "published": row.get("published") or None})
    return labels


def evaluate(tdb, labels_path, articles_dir, extractors) -> dict:
    lookups = Lookups.from_db(tdb)
    labels = read_labels(labels_path, lookups)
    published = {label["article"]: label["published"] for label in labels if label["published"]}
    files, problems = article_files([articles_dir])
    found = []
    for path, articles, problem in iter_articles(files):
        if problem:
            problems.append(problem)
            continue
        for article in articles:
            name = Path(path).name
            article.published = published.get(name) or _published(article)
            candidates, failures = run_extractors(article, extractors.values(), lookups)
            problems += failures
            for c in candidates:
                side = lookups.forces[c.force_id].side if c.force_id in lookups.forces else None
                found.append({"article": name, "locality_id": c.locality_id, "locality": c.locality, "side": side,
                              "status": c.status, "date": c.date, "date_earliest": c.date_earliest})
    unmatched = list(labels)
    matches, false_positives = [], []
    for candidate in found:
        label = next((l for l in unmatched if (l["article"], l["locality_id"], l["side"], l["status"]) ==
                      (candidate["article"], candidate["locality_id"], candidate["side"], candidate["status"])), None)
        if label is None:
            false_positives.append(candidate)
        else:
            unmatched.remove(label)
            matches.append((label, candidate))
    tp, fp, fn = len(matches), len(false_positives), len(unmatched)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    dated = [(l, c) for l, c in matches if l["date"]]
    exact = sum(1 for l, c in dated if c["date"] == l["date"])
    in_range = sum(1 for l, c in dated if _date_in_range(l["date"], c))
    return {
        "labels": len(labels), "candidates": len(found), "true_positives": tp, "false_positives": fp,
        "false_negatives": fn, "precision": round(precision, 3), "recall": round(recall, 3),
        "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
        "dates_exact": f"{exact}/{len(dated)}", "dates_in_range": f"{in_range}/{len(dated)}",
        "missed": [f"{l['article']}: {l['locality']} {l['status']} ({l['side']})" for l in unmatched],
        "spurious": [f"{c['article']}: {c['locality']} {c['status']} ({c['side']})" for c in false_positives],
        "problems": problems,
    }


def _date_in_range(day, candidate):
    if not candidate["date"]:
        return False
    if (candidate["date_earliest"] or candidate["date"]) <= day <= candidate["date"]:
        return True
    delta = abs(dt.date.fromisoformat(candidate["date"]) - dt.date.fromisoformat(day))
    return delta <= dt.timedelta(days=1)
