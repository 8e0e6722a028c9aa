"""Sources and citations in the store: one row per key, a citation once per event and source."""

from tracker.model.clock import now_utc


def test_a_source_is_stored_once_per_key_and_cited_once_per_event(tdb):
    with tdb.transaction():
        first = tdb.source_id(url="https://example.org/a", publisher="Example")
        again = tdb.source_id(url="https://example.org/a")
        assert first == again
        assert tdb.add_citation(1, first, "a quote", now_utc(), "person:test") is True
        assert tdb.add_citation(1, first, "another", now_utc(), "person:test") is False
    urls = [s["url"] for s in tdb.event_sources(1)]
    assert urls.count("https://example.org/a") == 1
    assert tdb.first_source_urls([1])[1]  # the first cited source with a URL
