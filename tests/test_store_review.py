"""The review queue in the store: candidates once per fingerprint, decisions append-only."""

import sqlite3

import pytest

from tracker.extract.model import Article, Candidate


def test_candidates_are_queued_once_and_decisions_kept(tdb):
    article = Article(text="text", url="https://example.org/r", published="2016-10-20")
    place = tdb.resolve_locality("Bartella")
    force = tdb.resolve_force("CTS")
    candidate = Candidate(locality="Bartella", force="CTS", status="captured", quote="q", date="2016-10-20",
                          date_earliest="2016-10-20", date_precision="day", extractor="news",
                          locality_id=place["id"], force_id=force["id"])
    (first, new), = tdb.add_candidates(article, [candidate])
    (again, new_again), = tdb.add_candidates(article, [candidate])
    assert (first, new, new_again) == (again, True, False)
    assert [c["id"] for c in tdb.candidates("pending")] == [first]
    with tdb.transaction():
        tdb.record_review(first, "rejected", reason="test", reviewed_by="person:test")
    assert tdb.candidate(first)["decision"] == "rejected"
    with pytest.raises(sqlite3.IntegrityError):
        with tdb.transaction():
            tdb.record_review(first, "accepted")
